package org.perturba.experiment.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.experiment.compare.ComparisonFiles;
import org.perturba.experiment.compare.ComparisonJson;
import org.perturba.experiment.compare.ComparisonText;
import org.perturba.experiment.compare.RunComparison;
import org.perturba.experiment.compare.RunComparison.RunRow;
import org.perturba.experiment.compare.RunComparison.ShiftRow;
import org.perturba.experiment.compare.RunComparison.UniversalRow;
import org.perturba.experiment.output.AttackSummary;
import org.perturba.experiment.output.FindingSummary;
import org.perturba.experiment.output.GridSummary;
import org.perturba.experiment.output.ModelSummary;
import org.perturba.experiment.output.Summary;
import org.perturba.experiment.output.SummaryJson;
import org.perturba.experiment.stats.Interval;
import org.perturba.experiment.stats.Verdict;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code perturba compare}'s logic on hand-built summaries: runs sorted by voxel count (an old summary
 * without a grid last, labelled as such), PGD read at the chosen budget only and averaged over its
 * directions, every interval carried through from the runs, and one-line refusals.
 */
class RunComparisonTest {
    private static final Optional<GridSummary> GRID_32 = grid(32, 32, 32, 6.3);
    private static final Optional<GridSummary> GRID_64 = grid(64, 64, 64, 3.1);
    private static final Optional<GridSummary> GRID_2MM = grid(96, 112, 96, 2.0);

    @TempDir
    Path dir;

    @Test
    void sortsRunsByVoxelCountWithAnUnknownGridLast() {
        RunComparison comparison = RunComparison.of(List.of(run("a", GRID_2MM), run("old", Optional.empty()), run("b", GRID_32),
                run("c", GRID_64)), 0.01);
        assertEquals(List.of("b", "c", "a", "old"), comparison.runs().stream().map(RunRow::folder).toList());
        assertEquals(List.of("32x32x32, 6.3 mm", "64x64x64, 3.1 mm", "96x112x96, 2 mm", "grid unknown"),
                comparison.runs().stream().map(RunRow::label).toList());
        assertEquals(List.of(OptionalLong.of(32768), OptionalLong.of(262144), OptionalLong.of(96L * 112 * 96), OptionalLong.empty()),
                comparison.runs().stream().map(RunRow::voxels).toList());
    }

    @Test
    void readsPgdAtTheChosenBudgetAveragedOverDirectionsPerModelAndThreatModel() {
        List<AttackSummary> attacks = new ArrayList<>(List.of(
                pgd("conventional", "image-only", 0.01, "up", 4.0, new Interval(3, 5)),
                pgd("conventional", "image-only", 0.01, "down", 2.0, new Interval(1, 3)),
                pgd("conventional", "image-only", 0.02, "up", 100, new Interval(90, 110)),
                pgd("hybrid", "image-only", 0.01, "up", 1.0, new Interval(0.5, 1.5)),
                pgd("hybrid", "adaptive", 0.01, "up", 3.0, new Interval(2, 4)),
                attack("conventional", "fgsm", Map.of(), "image-only", 0.01, "up", Optional.empty(), 50, new Interval(40, 60), 0,
                        Interval.UNDEFINED),
                attack("conventional", "pgd-linf", Map.of("shift-years", "10"), "image-only", 0.01, "up", Optional.empty(), 77,
                        new Interval(70, 80), 0, Interval.UNDEFINED)));
        attacks.add(failed(pgd("conventional", "image-only", 0.01, "up", 999, new Interval(900, 1000))));
        Summary withAttacks = summary(GRID_32, List.of(0.01, 0.02), attacks, List.of());
        RunComparison at001 = RunComparison.of(List.of(new RunComparison.Run("a", withAttacks), run("b", GRID_64)), 0.01);
        assertEquals(List.of(new ShiftRow("conventional", "image-only", List.of("up", "down"), 3.0, new Interval(2, 4)),
                new ShiftRow("hybrid", "image-only", List.of("up"), 1.0, new Interval(0.5, 1.5)),
                new ShiftRow("hybrid", "adaptive", List.of("up"), 3.0, new Interval(2, 4))), at001.runs().get(0).pgdShifts());
        RunComparison at002 = RunComparison.of(List.of(run("b", GRID_64), new RunComparison.Run("a", withAttacks)), 0.02);
        assertEquals(List.of(new ShiftRow("conventional", "image-only", List.of("up"), 100, new Interval(90, 110))),
                at002.runs().get(0).pgdShifts());
    }

    @Test
    void carriesTheRunsNumbersAndIntervalsThrough() {
        Interval inSample = new Interval(0.6, 0.9);
        Interval heldOut = new Interval(0.1, 0.3);
        Summary summary = summary(GRID_32, List.of(0.01), List.of(
                attack("conventional", "universal", Map.of(), "universal", 0.01, "up", Optional.of("in-sample"), 2, Interval.UNDEFINED, 0.75,
                        inSample),
                attack("conventional", "universal", Map.of(), "universal", 0.01, "up", Optional.of("held-out"), 1, Interval.UNDEFINED, 0.2,
                        heldOut)),
                List.of(new FindingSummary("imperceptible-shift", "claim", Verdict.NOT_REPRODUCED, new Interval(2.5, 3.5), 10, "evidence",
                        Optional.empty(), Map.of())));
        RunComparison comparison = RunComparison.of(List.of(new RunComparison.Run("a", summary), run("b", GRID_64)), 0.01);
        RunRow row = comparison.runs().get(0);
        assertEquals(List.of(new UniversalRow("conventional", "universal", "up", "in-sample", 0.75, inSample),
                new UniversalRow("conventional", "universal", "up", "held-out", 0.2, heldOut)), row.universal());
        assertTrue(row.pgdShifts().isEmpty(), "a universal perturbation is not PGD's per-image shift");
        String text = ComparisonText.of(comparison);
        assertTrue(text.contains("conventional · up") && text.contains("75 % [0.60, 0.90] / 20 % [0.10, 0.30]")
                && text.contains("not-reproduced [2.50, 3.50] (10.00)"), text);
        assertEquals(List.of(new RunComparison.FindingRow("imperceptible-shift", Verdict.NOT_REPRODUCED, new Interval(2.5, 3.5), 10)),
                row.findings());
        RunComparison.ModelRow model = row.models().get(0);
        assertEquals(new Interval(3.9, 5.1), model.maeYearsCi95());
        assertEquals(4.5, model.maeYears());
        assertEquals(120.0, model.gradientL1Mean());
        assertEquals(Map.of("p05", 80.0, "p50", 115.0, "p95", 170.0), model.gradientL1Quantiles());
    }

    @Test
    void refusesFewerThanTwoRunsAndARunWithoutTheBudgetInOneLine() {
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> RunComparison.of(List.of(run("a", GRID_32)), 0.01));
        assertEquals("comparing needs at least 2 runs, got 1", one.getMessage());
        IllegalArgumentException budget = assertThrows(IllegalArgumentException.class,
                () -> RunComparison.of(List.of(new RunComparison.Run("a", summary(GRID_32, List.of(0.01, 0.03), List.of(), List.of())),
                        run("runs/b", GRID_64)), 0.03));
        assertEquals("runs/b: no attacks at epsilon 0.03 (the run has 0.01, 0.02); choose one with --epsilon", budget.getMessage());
    }

    @Test
    void refusesAFolderThatIsNotARunOrHoldsAnUnreadableSummary() throws IOException {
        Path missing = dir.resolve("missing");
        assertEquals(missing + ": no such run folder",
                assertThrows(IOException.class, () -> ComparisonFiles.read(List.of(missing))).getMessage());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertTrue(assertThrows(IOException.class, () -> ComparisonFiles.read(List.of(empty))).getMessage()
                .startsWith(empty + ": not an experiment output folder"));
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("summary.json"), "{\"experiment\": ");
        String message = assertThrows(IOException.class, () -> ComparisonFiles.read(List.of(broken))).getMessage();
        assertTrue(message.startsWith(broken.resolve("summary.json") + ": ") && message.lines().count() == 1, message);
    }

    @Test
    void readsRunFoldersAndWritesTextJsonAndHtmlInTheSameOrder() throws IOException {
        Path small = folder("small", summary(GRID_32, List.of(0.01), List.of(pgd("conventional", "image-only", 0.01, "up", 1.5,
                new Interval(1.25, 1.75))), List.of()));
        Path old = folder("old", summary(Optional.empty(), List.of(0.01), List.of(), List.of()));
        Path large = folder("large", summary(GRID_2MM, List.of(0.01), List.of(pgd("conventional", "image-only", 0.01, "up", 6.0,
                new Interval(5.0, 7.0))), List.of()));
        RunComparison comparison = RunComparison.of(ComparisonFiles.read(List.of(old, large, small)), 0.01);

        String text = ComparisonText.of(comparison);
        int smallAt = text.indexOf("32x32x32, 6.3 mm");
        assertTrue(smallAt >= 0 && smallAt < text.indexOf("96x112x96, 2 mm") && text.indexOf("96x112x96, 2 mm") < text.indexOf("grid unknown"),
                text);
        assertTrue(text.contains("1.50 [1.25, 1.75]") && text.contains("6.00 [5.00, 7.00]") && text.contains("4.50 [3.90, 5.10]"), text);

        JsonArray runs = JsonParser.parseString(ComparisonJson.of(comparison)).getAsJsonObject().getAsJsonArray("runs");
        assertEquals(List.of(small.toString(), large.toString(), old.toString()),
                runs.asList().stream().map(run -> run.getAsJsonObject().get("folder").getAsString()).toList());
        JsonObject shift = runs.get(0).getAsJsonObject().getAsJsonArray("pgdShifts").get(0).getAsJsonObject();
        assertEquals(1.5, shift.get("meanAbsShiftYears").getAsDouble());
        assertEquals("[1.25,1.75]", shift.get("meanAbsShiftYearsCi95").toString());
        assertTrue(runs.get(2).getAsJsonObject().get("grid").isJsonNull());
        assertTrue(runs.get(2).getAsJsonObject().get("voxels").isJsonNull());
        assertEquals("grid unknown", runs.get(2).getAsJsonObject().get("label").getAsString());
        assertEquals(32768, runs.get(0).getAsJsonObject().get("voxels").getAsLong());

        Path out = dir.resolve("out/comparison");
        ComparisonFiles.write(comparison, out);
        String html = Files.readString(out.resolve(ComparisonFiles.HTML), StandardCharsets.UTF_8);
        assertTrue(html.indexOf("32x32x32, 6.3 mm") < html.indexOf("96x112x96, 2 mm") && html.contains("1.50 [1.25, 1.75]"), html);
        assertEquals(ComparisonJson.of(comparison), Files.readString(out.resolve(ComparisonFiles.JSON), StandardCharsets.UTF_8));
        assertFalse(html.contains("<script"), "the page stays a plain document");
    }

    private Path folder(String name, Summary summary) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve("summary.json"), SummaryJson.write(summary), StandardCharsets.UTF_8);
        return folder;
    }

    private static Optional<GridSummary> grid(int i, int j, int k, double size) {
        return Optional.of(new GridSummary(List.of(i, j, k), List.of(size, size, size)));
    }

    private static RunComparison.Run run(String folder, Optional<GridSummary> grid) {
        return new RunComparison.Run(folder, summary(grid, List.of(0.01, 0.02), List.of(), List.of()));
    }

    private static Summary summary(Optional<GridSummary> grid, List<Double> epsilons, List<AttackSummary> attacks,
            List<FindingSummary> findings) {
        ModelSummary model = new ModelSummary("conventional", "conventional", Optional.empty(), Optional.empty(), Optional.empty(), 10, 4.5,
                5.5, 0.9, 0.1, 120.0, Map.of("p05", 80.0, "p50", 115.0, "p95", 170.0), new Interval(3.9, 5.1));
        return new Summary("study", 1, 40, grid, epsilons, List.of(model), List.of(), attacks, List.of(), List.of(), findings, List.of(),
                List.of(1L), List.of());
    }

    private static AttackSummary pgd(String model, String threatModel, double epsilon, String direction, double meanAbsShift,
            Interval meanAbsShiftCi) {
        return attack(model, "pgd-linf", Map.of(), threatModel, epsilon, direction, Optional.empty(), meanAbsShift, meanAbsShiftCi, 0,
                Interval.UNDEFINED);
    }

    private static AttackSummary attack(String model, String attack, Map<String, String> parameters, String threatModel, double epsilon,
            String direction, Optional<String> protocol, double meanAbsShift, Interval meanAbsShiftCi, double fraction, Interval fractionCi) {
        return new AttackSummary(model, Optional.empty(), attack, parameters, threatModel, epsilon, direction, Optional.empty(), 10,
                meanAbsShift, meanAbsShift, fraction, 40, 0.99, 45, 0.99, 1, epsilon, Optional.empty(), Optional.empty(), List.of(), protocol,
                Optional.empty(), Double.NaN, meanAbsShiftCi, fractionCi);
    }

    private static AttackSummary failed(AttackSummary cell) {
        return new AttackSummary(cell.model(), cell.craftedOn(), cell.attack(), cell.parameters(), cell.threatModel(), cell.epsilon(),
                cell.direction(), Optional.of("broken"), 0, Double.NaN, cell.meanAbsShiftYears(), Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), Double.NaN, cell.meanAbsShiftYearsCi95(), Interval.UNDEFINED);
    }
}

package org.perturba.example.attack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.experiment.output.SummaryJson;
import org.perturba.experiment.run.CellResult;
import org.perturba.experiment.run.ExperimentProgress;
import org.perturba.experiment.run.ExperimentRunner;
import org.perturba.experiment.run.ExperimentValidation;
import org.perturba.experiment.run.Invocation;
import org.perturba.experiment.run.RunResult;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.InvalidExperimentException;

/**
 * Every experiment in {@code examples/experiments} validates against the installed plug-ins (the
 * example attack among them) and runs, cut down with {@link ExperimentSpec#reduced()} ({@code perturba
 * run --reduce}), without a failure: an example can never rot unnoticed. A baseline without a
 * direction, {@code random-noise}, is swept once per epsilon.
 */
class ExampleExperimentsTest {
    private final ContributionRegistry registry = new ContributionRegistry();

    @Test
    void everyExampleExperimentValidatesAndRunsReduced(@TempDir Path folder) throws Exception {
        List<Path> examples = examples();
        assertTrue(examples.size() >= 2, "the examples folder: " + examples);
        for (Path example : examples) {
            ExperimentSpec spec = ExperimentValidation.read(example, registry).reduced();
            int[] planned = { -1 };
            ExperimentProgress sweep = new ExperimentProgress() {
                @Override
                public void stage(String description, int steps) {
                    if (description.contains("attacking: ")) { // "seed 3/3: attacking: …" with several seeds: the last seed's
                        planned[0] = steps;
                    }
                }
            };
            Path out = folder.resolve(example.getFileName().toString());
            RunResult result = new ExperimentRunner(registry, sweep).run(spec, out, false,
                    new Invocation("test", List.of("test"), Optional.of(example)));
            assertEquals(List.of(), result.failures(), example.toString());
            // every planned run ran: the sweep's cells and the universal perturbations' smaller fits
            assertTrue(planned[0] > 0, example.toString());
            assertEquals(planned[0], result.cells().size() + smallerFits(out), example.toString());
            assertFalse(result.cells().stream().anyMatch(CellResult::failed), example + ": " + result.cells());
        }
    }

    /**
     * The runs of the fit-size curve that are not the sweep's own cells: each smaller fit of a universal
     * perturbation, measured in-sample and held-out (the curve's largest fit is the sweep's).
     */
    private static long smallerFits(Path run) throws IOException {
        Map<String, Long> pointsPerSeries = SummaryJson.read(Files.readString(run.resolve("summary.json"))).universalFitCurve().stream()
                .collect(Collectors.groupingBy(point -> point.model() + "|" + point.attack() + "|" + point.threatModel() + "|"
                        + point.direction() + "|" + point.epsilon(), Collectors.counting()));
        return pointsPerSeries.values().stream().mapToLong(points -> 2 * (points - 1)).sum();
    }

    @Test
    void theBaselineWithoutADirectionRunsOncePerEpsilonWithTheWholeSeed(@TempDir Path folder) throws Exception {
        // 2^53 + 1: a double would round it, and getInt could not read it where the attack reads its seed
        ExperimentSpec spec = ExperimentValidation.read(write(folder, "{\"attack\": \"random-noise\"}", 9007199254740993L), registry);
        assertEquals(9007199254740993L, spec.seed());
        assertEquals(1 * 2, spec.sweepCells(), "one model, two epsilons, no directions");
        RunResult result = new ExperimentRunner(registry, ExperimentProgress.SILENT).run(spec, folder.resolve("run"), false,
                new Invocation("test", List.of("test"), Optional.empty()));
        assertEquals(List.of("none", "none"), result.cells().stream().map(CellResult::direction).toList());
        assertFalse(result.cells().stream().anyMatch(CellResult::failed), result.cells().toString());
    }

    @Test
    void directionsForAnAttackWithoutADirectionAreAnErrorNamingTheField(@TempDir Path folder) throws IOException {
        Path file = write(folder, "{\"attack\": \"random-noise\", \"directions\": [\"up\"]}");
        InvalidExperimentException e = assertThrows(InvalidExperimentException.class, () -> ExperimentValidation.read(file, registry));
        assertEquals(file + ": attacks[0].directions: attack 'random-noise' from org.perturba.example.attack declares no"
                + " 'direction' parameter: it runs once per epsilon, so leave the direction out", e.getMessage());
    }

    private static Path write(Path folder, String attack) throws IOException {
        return write(folder, attack, 1);
    }

    private static Path write(Path folder, String attack, long seed) throws IOException {
        Path file = folder.resolve("study.json");
        Files.writeString(file, "{\"seed\": " + seed + ", \"dataset\": {\"cohort\": {\"subjects\": 20, \"seed\": 3}},"
                + " \"models\": [{\"id\": \"cnn\", \"kind\": \"conventional\", \"epochs\": 1}], \"epsilons\": [0.01, 0.02],"
                + " \"attacks\": [" + attack + "], \"attackedSubjects\": 1}");
        return file;
    }

    private static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("perturba.examples", "../experiments")))) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
    }
}

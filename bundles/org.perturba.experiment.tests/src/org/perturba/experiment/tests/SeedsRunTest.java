package org.perturba.experiment.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.experiment.output.AttackSummary;
import org.perturba.experiment.output.ExperimentOutput;
import org.perturba.experiment.output.ExperimentOutputReader;
import org.perturba.experiment.output.FindingSummary;
import org.perturba.experiment.output.ModelSummary;
import org.perturba.experiment.output.SeedSummary;
import org.perturba.experiment.output.SummaryJson;
import org.perturba.experiment.run.ExperimentProgress;
import org.perturba.experiment.run.ExperimentRunner;
import org.perturba.experiment.run.Invocation;
import org.perturba.experiment.run.RunResult;
import org.perturba.experiment.spec.ExperimentSpecReader;
import org.perturba.experiment.stats.Verdict;

/**
 * An experiment with several seeds runs once per seed, each in {@code seeds/seed-N/} as a one-seed
 * run, and aggregates them at the top: means over seeds, two-level intervals, each seed's rows kept;
 * a resumed run finishes with the same summary, and changing the seeds is refused.
 */
class SeedsRunTest {
    private static final String EXPERIMENT = """
            {
              "name": "two seeds",
              "seeds": [5, 6],
              "dataset": {"cohort": {"subjects": 20, "grid": 32, "seed": 3}},
              "models": [{"id": "cnn", "kind": "conventional", "epochs": 1}],
              "epsilons": [0.01],
              "attacks": [{"attack": "pgd-linf", "models": ["cnn"], "directions": ["up"], "parameters": {"steps": 2}}],
              "attackedSubjects": 2
            }
            """;
    private static final Invocation INVOCATION = new Invocation("test", List.of("test"), Optional.empty());

    @TempDir
    static Path shared;
    private static Path out;
    private static RunResult result;
    private static final List<String> STAGES = new ArrayList<>();

    @BeforeAll
    static void runTwoSeeds() throws Exception {
        out = shared.resolve("run");
        result = new ExperimentRunner(new ContributionRegistry(), new ExperimentProgress() {
            @Override
            public void stage(String description, int steps) {
                STAGES.add(description);
            }
        }).run(ExperimentSpecReader.parse(EXPERIMENT, shared, "x"), out, false, INVOCATION);
    }

    @Test
    void eachSeedIsARunOfItsOwnAndTheProgressNamesIt() throws IOException {
        for (long seed : List.of(5L, 6L)) {
            ExperimentOutput own = ExperimentOutputReader.read(out.resolve("seeds/seed-" + seed));
            assertEquals(List.of(seed), own.seeds());
            assertEquals(List.of(), own.perSeed(), "a one-seed run has no perSeed rows");
            assertEquals(1, own.attacks().size());
        }
        assertTrue(STAGES.contains("seed 1/2: training cnn") && STAGES.contains("seed 2/2: training cnn"), STAGES.toString());
        assertEquals(1, STAGES.stream().filter(stage -> stage.startsWith("generating a cohort")).count(), "the seeds share the data");
    }

    @Test
    void theTopSummaryAggregatesTheSeedsAndKeepsEachSeedsRows() throws IOException {
        ExperimentOutput output = ExperimentOutputReader.read(out);
        assertEquals(Files.readString(out.resolve("summary.json"), StandardCharsets.UTF_8), SummaryJson.write(output.summary()),
                "the summary read back writes the same file");
        assertEquals(List.of(5L, 6L), output.seeds());
        assertEquals(List.of(5L, 6L), output.perSeed().stream().map(SeedSummary::seed).toList());
        ExperimentOutput first = ExperimentOutputReader.read(out.resolve("seeds/seed-5"));
        ExperimentOutput second = ExperimentOutputReader.read(out.resolve("seeds/seed-6"));
        assertEquals(first.models(), output.perSeed().get(0).models());
        assertEquals(first.attacks().get(0).under("seeds/seed-5"), output.perSeed().get(0).attacks().get(0));
        assertEquals(second.findings(), output.perSeed().get(1).findings());

        AttackSummary row = output.attacks().get(0);
        AttackSummary one = first.attacks().get(0);
        AttackSummary two = second.attacks().get(0);
        assertEquals(List.of("5", "6"), List.of(one.parameters().get("seed"), two.parameters().get("seed")),
                "each seed's attack draws its random start from it");
        assertEquals(1, output.attacks().size(), "one run across the seeds, whatever its seed parameter: " + output.attacks());
        assertTrue(!row.failed() && !row.parameters().containsKey("seed"), row.toString());
        assertEquals((one.meanAbsShiftYears() + two.meanAbsShiftYears()) / 2, row.meanAbsShiftYears(), 1e-4, "the mean over seeds");
        assertEquals((one.meanShiftYears() + two.meanShiftYears()) / 2, row.meanShiftYears(), 1e-4);
        assertEquals(one.subjects() + two.subjects(), row.subjects(), "the subjects of every seed");
        assertTrue(row.meanAbsShiftYearsCi95().defined() && row.meanAbsShiftYearsCi95().lo() <= row.meanAbsShiftYears() + 1e-4
                && row.meanAbsShiftYears() - 1e-4 <= row.meanAbsShiftYearsCi95().hi(), row.toString());
        Path adversarial = output.adversarialImage(row).orElseThrow();
        assertTrue(adversarial.startsWith(out.toAbsolutePath().normalize().resolve("seeds/seed-5/examples")), adversarial.toString());
        assertEquals(output.cleanImage(row), ExperimentOutputReader.cleanExampleFor(adversarial));
        assertTrue(output.perSeed().get(1).attacks().stream().allMatch(cell -> output.adversarialImage(cell).isPresent()),
                "each seed's rows name images that resolve from the top folder");

        ModelSummary model = output.models().get(0);
        assertEquals((first.models().get(0).maeYears() + second.models().get(0).maeYears()) / 2, model.maeYears(), 1e-4);
        assertTrue(model.maeYearsCi95().defined(), model.toString());
        assertEquals(first.models().get(0).testSubjects() + second.models().get(0).testSubjects(), model.testSubjects());
        FindingSummary pgd = output.findings().get(0);
        assertTrue(pgd.verdict() != Verdict.NOT_MEASURED && pgd.evidence().contains("over 2 seeds, 2 subjects each"), pgd.toString());
        assertTrue(output.findings().stream().skip(1).allMatch(finding -> finding.verdict() == Verdict.NOT_MEASURED),
                "no universal run, no hybrid: " + output.findings());

        assertEquals(4, result.cells().get(0).subjects().size(), "the command line's cells pool the seeds' subjects");
        assertEquals(model.maeYears(), result.models().get(0).maeYears(), 1e-9);
        String report = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(report.contains("seeds/seed-6/report.html") && report.contains("two-level bootstrap"), report);
        String provenance = Files.readString(out.resolve("provenance.json"), StandardCharsets.UTF_8);
        assertTrue(provenance.contains("\"seedRuns\"") && provenance.contains("seeds/seed-6"), provenance);
    }

    @Test
    void aResumedRunFinishesWithTheSameSummaryAndChangedSeedsAreRefused(@TempDir Path copy) throws Exception {
        Path resumed = copy.resolve("run");
        copyTree(out, resumed);
        Files.delete(resumed.resolve("summary.json"));
        Files.delete(resumed.resolve("seeds/seed-6/summary.json"));
        try (Stream<Path> cells = Files.list(resumed.resolve("seeds/seed-6/cells"))) {
            for (Path cell : cells.toList()) {
                Files.delete(cell);
            }
        }
        new ExperimentRunner(new ContributionRegistry(), ExperimentProgress.SILENT).run(ExperimentSpecReader.parse(EXPERIMENT, shared, "x"),
                resumed, true, INVOCATION);
        assertEquals(Files.readString(out.resolve("summary.json")), Files.readString(resumed.resolve("summary.json")));

        IOException refused = assertThrows(IOException.class, () -> new ExperimentRunner(new ContributionRegistry(),
                ExperimentProgress.SILENT).run(ExperimentSpecReader.parse(EXPERIMENT.replace("[5, 6]", "[5, 7]"), shared, "x"), resumed,
                        true, INVOCATION));
        assertTrue(refused.getMessage().contains("--resume refused") && refused.getMessage().contains("seeds"), refused.getMessage());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path path : tree.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else if (!path.getFileName().toString().equals(".lock")) {
                    Files.copy(path, target);
                }
            }
        }
    }
}

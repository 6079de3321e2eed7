package org.perturba.experiment.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.experiment.output.AttackSummary;
import org.perturba.experiment.output.ExperimentOutputReader;
import org.perturba.experiment.output.FitCurvePoint;
import org.perturba.experiment.output.Summary;
import org.perturba.experiment.output.SummaryJson;
import org.perturba.experiment.run.ExperimentProgress;
import org.perturba.experiment.run.ExperimentRunner;
import org.perturba.experiment.run.Invocation;
import org.perturba.experiment.spec.ExperimentSpecReader;

/**
 * A small run carries the diagnostics of issue 20 (points 5, 7, 8): flags on every attack row and a
 * flags column, the gradient-masking section; a universal perturbation under both protocols with its
 * fit size and alignment, and its effect against fit-set size; each model's input-gradient norms,
 * stored so that a resumed run reads them back.
 */
class DiagnosticsRunTest {
    private static final String EXPERIMENT = """
            {
              "name": "diagnostics",
              "seed": 1,
              "dataset": {"cohort": {"subjects": 40, "grid": 32, "seed": 3}},
              "models": [{"id": "cnn", "kind": "conventional", "epochs": 1}],
              "epsilons": [0.01],
              "attacks": [
                {"attack": "fgsm", "directions": ["up"]},
                {"attack": "pgd-linf", "directions": ["up"], "parameters": {"steps": 2}},
                {"attack": "universal", "directions": ["up"], "parameters": {"epochs": 1, "batch-size": 2}}
              ],
              "attackedSubjects": 3,
              "universalFitSubjects": 4
            }
            """;

    @TempDir
    static Path folder;
    private static Summary summary;

    @BeforeAll
    static void run() throws Exception {
        runIn(false);
        summary = ExperimentOutputReader.read(folder.resolve("run")).summary();
    }

    private static void runIn(boolean resume) throws Exception {
        new ExperimentRunner(new ContributionRegistry(), new ExperimentProgress() {
        }).run(ExperimentSpecReader.parse(EXPERIMENT, folder, "t"), folder.resolve("run"), resume,
                new Invocation("test", List.of("test"), Optional.empty()));
    }

    @Test
    void everyAttackRowHasFlagsAndTheReportSaysWhatWasChecked() throws Exception {
        assertFalse(summary.attacks().isEmpty());
        String json = Files.readString(folder.resolve("run/summary.json"));
        assertEquals(summary.attacks().size(), json.split("\"flags\": \\[").length - 1, "a flags list on every row: " + json);
        assertTrue(Files.readAllLines(folder.resolve("run/attacks.csv")).get(0).endsWith(",flags"));
        String report = Files.readString(folder.resolve("run/report.html"));
        assertTrue(report.contains("Gradient-masking checks") && report.contains("Checked (Carlini et al. 2019)"), report);
        assertTrue(report.contains("Why a model is easy or hard to move"), report);
    }

    @Test
    void aUniversalPerturbationIsMeasuredInSampleAndHeldOutWithItsFitSizeAndAlignment() {
        List<AttackSummary> universal = summary.attacks().stream().filter(row -> row.attack().equals("universal")).toList();
        assertEquals(Set.of("in-sample", "held-out"), universal.stream().map(row -> row.protocol().orElseThrow()).collect(Collectors.toSet()),
                "the full fit only: smaller fits are points of the curve");
        for (AttackSummary row : universal) {
            assertEquals(Optional.of(4), row.fitSubjects());
            assertTrue(row.alignment() > 0 && row.alignment() <= 1, "alignment " + row.alignment());
            assertEquals(row.protocol().get().equals("in-sample") ? 4 : 3, row.subjects(), "in-sample: measured on its fit set");
        }
        assertEquals(2, universal.stream().map(AttackSummary::seriesName).distinct().count(), "each protocol its own series");
        assertTrue(summary.attacks().stream().filter(row -> !row.attack().equals("universal"))
                .allMatch(row -> row.protocol().isEmpty() && row.fitSubjects().isEmpty() && Double.isNaN(row.alignment())));
        assertEquals(List.of(1, 4), summary.universalFitCurve().stream().map(FitCurvePoint::fitSubjects).toList());
        FitCurvePoint full = summary.universalFitCurve().get(1);
        AttackSummary heldOut = universal.stream().filter(row -> row.protocol().get().equals("held-out")).findFirst().orElseThrow();
        assertEquals(heldOut.meanAbsShiftYears(), full.heldOutMeanAbsShiftYears(), 1e-4);
    }

    @Test
    void gradientNormsAreReportedPerModelAndReadBackOnResume() throws Exception {
        double mean = summary.models().get(0).gradientL1Mean();
        assertTrue(mean > 0, "mean " + mean);
        assertEquals(List.of("p05", "p25", "p50", "p75", "p95"), List.copyOf(summary.models().get(0).gradientL1Quantiles().keySet()));
        Path stored;
        try (Stream<Path> files = Files.list(folder.resolve("run/gradients"))) {
            stored = files.filter(file -> file.getFileName().toString().startsWith("cnn--")).findFirst().orElseThrow();
        }
        // a marker no measurement gives: a resumed run that shows it read the file instead of differentiating again
        String text = Files.readString(stored);
        Files.writeString(stored, text.replaceAll("(\"[^\"]+\"):[0-9][0-9.eE+-]*", "$1:1234.5"));
        runIn(true);
        Summary resumed = SummaryJson.read(Files.readString(folder.resolve("run/summary.json")));
        assertEquals(1234.5, resumed.models().get(0).gradientL1Mean(), 1e-9);
    }
}

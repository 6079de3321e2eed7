package org.perturba.experiment.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.experiment.output.AttackSummary;
import org.perturba.experiment.output.AttackedSubject;
import org.perturba.experiment.output.CsvTable;
import org.perturba.experiment.output.ExperimentOutput;
import org.perturba.experiment.output.ExperimentOutputReader;
import org.perturba.experiment.output.FindingSummary;
import org.perturba.experiment.output.ModelSummary;
import org.perturba.experiment.output.Summary;
import org.perturba.experiment.output.SummaryJson;
import org.perturba.experiment.run.CellResult;
import org.perturba.experiment.run.ContributionFailure;
import org.perturba.experiment.run.ExperimentProgress;
import org.perturba.experiment.run.ExperimentRunner;
import org.perturba.experiment.run.Invocation;
import org.perturba.experiment.run.ModelResult;
import org.perturba.experiment.run.RunResult;
import org.perturba.experiment.run.SubjectOutcome;
import org.perturba.experiment.spec.ExperimentSpecReader;
import org.perturba.experiment.stats.Interval;
import org.perturba.experiment.stats.Verdict;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The reader reads what the writer writes: a tiny real run (two models, an attack in two
 * directions at two budgets, a transfer) is read back and every
 * field compared with the run's own results; defects of a summary are one line naming the field.
 * The same run shows perceptibility measured inside the subjects' brain masks, and that a resumed
 * run computes again a cell stored without today's per-subject figures.
 */
class ExperimentOutputReaderTest {
    private static final String EXPERIMENT = """
            {
              "name": "tiny, \\"quoted\\"\\nstudy",
              "seed": 5,
              "dataset": {"cohort": {"subjects": 20, "grid": 32, "seed": 3}},
              "models": [{"id": "cnn", "kind": "conventional", "epochs": 1}, {"id": "cnn-b", "kind": "conventional", "epochs": 1}],
              "epsilons": [0.01, 0.02],
              "attacks": [{"attack": "fgsm", "models": ["cnn"], "directions": ["up", "down"]}],
              "transfers": [{"attack": "fgsm", "from": "cnn", "to": "cnn-b"}],
              "attackedSubjects": 2
            }
            """;

    @TempDir
    static Path shared;
    private static Path out;
    private static RunResult result;

    @BeforeAll
    static void runATinyExperiment() throws Exception {
        out = shared.resolve("run");
        result = new ExperimentRunner(new ContributionRegistry(), ExperimentProgress.SILENT).run(ExperimentSpecReader.parse(EXPERIMENT, shared, "tiny"),
                out, false, new Invocation("test", List.of("test"), Optional.empty()));
    }

    @Test
    void everyFieldTheWriterWroteReadsBack() throws IOException {
        ExperimentOutput output = ExperimentOutputReader.read(out);
        assertEquals(Files.readString(out.resolve("summary.json"), StandardCharsets.UTF_8), SummaryJson.write(output.summary()),
                "the summary read back writes the same file: no field is lost or changed");
        assertEquals("tiny, \"quoted\"\nstudy", output.name());
        assertEquals(5, output.summary().seed());
        assertEquals(List.of(0.01, 0.02), output.epsilons());
        assertEquals(result.models().stream().map(ModelResult::id).toList(), output.models().stream().map(ModelSummary::id).toList());
        for (int i = 0; i < result.models().size(); i++) {
            assertEquals(result.models().get(i).maeYears(), output.models().get(i).maeYears(), 1e-4);
            assertEquals("conventional", output.models().get(i).kind());
            assertEquals(Optional.empty(), output.models().get(i).context());
            assertContains(output.models().get(i).maeYearsCi95(), output.models().get(i).maeYears());
        }
        for (AttackSummary cell : output.attacks()) {
            assertContains(cell.meanAbsShiftYearsCi95(), cell.meanAbsShiftYears());
            assertContains(cell.fractionShiftedOver5YearsCi95(), cell.fractionShiftedOver5Years());
        }
        List<CellResult> attacks = result.cells().stream().filter(cell -> cell.craftedOn().isEmpty()).toList();
        List<CellResult> transfers = result.cells().stream().filter(cell -> cell.craftedOn().isPresent()).toList();
        assertEquals(4, attacks.size());
        assertEquals(2, transfers.size());
        assertCells(attacks, output.attacks());
        assertCells(transfers, output.transfers());
        assertEquals(result.findings(), output.findings());
        assertEquals(result.failures(), output.failures());
        assertEquals(output.models().get(0).testSubjects(), output.predictionsByModel().get("cnn").size());
    }

    @Test
    void everyAttackedSubjectReadsBackFromAttacksCsv() throws IOException {
        ExperimentOutput output = ExperimentOutputReader.read(out);
        List<AttackedSubject> rows = ExperimentOutputReader.attackedSubjects(out);
        List<AttackSummary> cells = new java.util.ArrayList<>(output.attacks());
        cells.addAll(output.transfers());
        assertEquals(result.cells().stream().mapToInt(cell -> cell.subjects().size()).sum(), rows.size());
        for (int c = 0; c < cells.size(); c++) {
            AttackSummary summary = cells.get(c);
            CellResult cell = result.cells().stream().filter(run -> run.model().equals(summary.model())
                    && run.craftedOn().equals(summary.craftedOn()) && run.direction().equals(summary.direction())
                    && run.epsilon() == summary.epsilon()).findFirst().orElseThrow();
            List<AttackedSubject> mine = rows.stream().filter(row -> row.belongsTo(summary)).toList();
            assertEquals(cell.subjects().size(), mine.size());
            for (int i = 0; i < mine.size(); i++) {
                SubjectOutcome outcome = cell.subjects().get(i);
                AttackedSubject row = mine.get(i);
                assertEquals(outcome.subject(), row.subject());
                assertEquals(cell.threatModel(), row.threatModel());
                assertEquals(outcome.age(), row.age(), 1e-4);
                assertEquals(outcome.cleanAge(), row.cleanAge(), 1e-4);
                assertEquals(outcome.adversarialAge(), row.adversarialAge(), 1e-4);
                assertEquals(outcome.shift(), row.shift(), 1e-4);
                assertEquals(outcome.lInf(), row.lInf(), 1e-6);
                assertEquals(outcome.l2(), row.l2(), 1e-6);
                assertEquals(outcome.ssimBrain(), row.ssimBrain(), 1e-6);
                assertEquals(outcome.ssimVolume(), row.ssimVolume(), 1e-6);
                assertEquals(outcome.psnrBrainDb(), row.psnrBrainDb(), 1e-3);
                assertEquals(outcome.psnrVolumeDb(), row.psnrVolumeDb(), 1e-3);
                assertEquals(outcome.epsilonOverNoise(), row.epsilonOverNoise(), 1e-4);
            }
        }
    }

    @Test
    void perceptibilityIsMeasuredInsideTheBrain() {
        for (CellResult cell : result.cells()) {
            for (SubjectOutcome outcome : cell.subjects()) {
                // FGSM moves every brain voxel by epsilon (less where clamped): about 40 dB at 0.01 inside the brain
                double fullBudget = -20 * Math.log10(cell.epsilon());
                assertTrue(outcome.psnrBrainDb() >= fullBudget - 1e-3 && outcome.psnrBrainDb() < fullBudget + 3, outcome.toString());
                assertTrue(outcome.psnrVolumeDb() > outcome.psnrBrainDb() + 1, "the background inflates PSNR: " + outcome);
                assertTrue(outcome.ssimBrain() < outcome.ssimVolume(), outcome.toString());
                assertTrue(outcome.epsilonOverNoise() > 0 && Double.isFinite(outcome.epsilonOverNoise()), outcome.toString());
            }
        }
    }

    @Test
    void aCellStoredWithoutTodaysFiguresIsComputedAgain(@TempDir Path copy) throws Exception {
        try (Stream<Path> paths = Files.walk(out)) {
            for (Path path : paths.toList()) {
                Path target = copy.resolve(out.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else if (!path.getFileName().toString().equals(".lock")) {
                    Files.copy(path, target);
                }
            }
        }
        Path stale;
        try (Stream<Path> cells = Files.list(copy.resolve("cells"))) {
            stale = cells.sorted().findFirst().orElseThrow();
        }
        JsonObject cell = JsonParser.parseString(Files.readString(stale)).getAsJsonObject();
        for (JsonElement subject : cell.getAsJsonArray("subjects")) { // as an older Perturba stored it, and with a wrong age
            JsonObject figures = subject.getAsJsonObject();
            List.of("psnrBrainDb", "ssimBrain", "psnrVolumeDb", "ssimVolume", "epsilonOverNoise").forEach(figures::remove);
            figures.addProperty("psnrDb", 45.0);
            figures.addProperty("ssim", 0.999);
            figures.addProperty("adversarialAge", -1.0);
        }
        Files.writeString(stale, cell.toString());
        RunResult again = new ExperimentRunner(new ContributionRegistry(), ExperimentProgress.SILENT).run(
                ExperimentSpecReader.parse(EXPERIMENT, shared, "tiny"), copy, true, new Invocation("test", List.of("test"), Optional.empty()));
        assertEquals(result.cells().size(), again.cells().size());
        for (int c = 0; c < result.cells().size(); c++) {
            for (int i = 0; i < result.cells().get(c).subjects().size(); i++) {
                SubjectOutcome before = result.cells().get(c).subjects().get(i);
                SubjectOutcome after = again.cells().get(c).subjects().get(i);
                assertEquals(before.adversarialAge(), after.adversarialAge(), 1e-3, "computed again, not read with its wrong age");
                assertEquals(before.psnrBrainDb(), after.psnrBrainDb(), 1e-6);
            }
        }
        assertTrue(Files.readString(stale).contains("psnrBrainDb"), "stored again with today's figures");
    }

    @Test
    void pairsEachRunsExampleImages() throws IOException {
        ExperimentOutput output = ExperimentOutputReader.read(out);
        for (AttackSummary cell : output.attacks()) {
            Path adversarial = output.adversarialImage(cell).orElseThrow();
            Path clean = output.cleanImage(cell).orElseThrow();
            assertTrue(adversarial.startsWith(out.toAbsolutePath().normalize().resolve("examples")), adversarial.toString());
            assertEquals(Optional.of(clean), ExperimentOutputReader.cleanExampleFor(adversarial));
        }
        assertTrue(output.transfers().stream().allMatch(cell -> output.adversarialImage(cell).isPresent()));
        assertEquals(List.of("cnn · fgsm · down", "cnn · fgsm · up", "cnn-b (from cnn) · fgsm · up"),
                output.attackSeries().keySet().stream().sorted().toList());
    }

    @Test
    void readsAwkwardValuesOfAttacksCsvInTheirColumns(@TempDir Path folder) throws IOException {
        AttackedSubject awkward = new AttackedSubject("cnn", Optional.of("other"), "plug,in \"x\"\nattack", "image-only", "up", 0.015,
                "sub-01", 30.5, 31.25, 40.125, 8.875, 0.015, 1.5, 41.25, 0.99, 47.5, 0.999, 0.75, "0123456789ab",
                "weaker-than-fgsm falls-with-steps");
        Files.writeString(folder.resolve(ExperimentOutputReader.ATTACKS),
                CsvTable.withColumns(AttackedSubject.COLUMNS).row(awkward.values()).text());
        assertEquals(List.of(awkward), ExperimentOutputReader.attackedSubjects(folder));
    }

    @Test
    void namesTheFileAndFieldOfADefect(@TempDir Path folder) throws IOException {
        assertFalse(ExperimentOutputReader.isOutputFolder(folder));
        assertTrue(message(folder).contains("no summary.json"), message(folder));
        String good = Files.readString(out.resolve("summary.json"), StandardCharsets.UTF_8);
        assertDefect(folder, good.replaceFirst("\"id\": \"cnn\",", ""), "summary.json: models[0].id: missing");
        assertDefect(folder, good.replaceFirst("\"epsilon\": 0.01", "\"epsilon\": \"0.01\""),
                "summary.json: attacks[0].epsilon: expected a number");
        assertDefect(folder, good.replaceFirst("\"seed\": 5", "\"seed\": 5.5"), "summary.json: seed: expected a whole number in range");
        assertDefect(folder, good.replaceFirst("\"seed\": 5", "\"seed\": 92233720368547758070"),
                "summary.json: seed: expected a whole number in range");
        assertDefect(folder, good.replaceFirst("\"models\": \\[", "\"models\": [null,"), "summary.json: models: expected no null entries");
        assertDefect(folder, "[1]", "summary.json: expected a JSON object");
        assertDefect(folder, good.replaceFirst("\"maeYearsCi95\": \\[[^\\]]*\\]", "\"maeYearsCi95\": [9, 1]"),
                "summary.json: models[0].maeYearsCi95: expected [lo, hi] with lo <= hi");
        assertDefect(folder, good.replaceFirst("\"maeYearsCi95\": \\[[^\\]]*\\]", "\"maeYearsCi95\": 3"),
                "summary.json: models[0].maeYearsCi95: expected [lo, hi]");
        assertDefect(folder, good.replaceFirst("\"verdict\": \"[a-z-]+\"", "\"verdict\": \"yes\""),
                "summary.json: findings[0].verdict: expected one of reproduced, not-reproduced, inconclusive, not-measured, got 'yes'");
        Files.writeString(folder.resolve("summary.json"), good.substring(0, good.length() / 2));
        assertTrue(message(folder).startsWith(folder.resolve("summary.json") + ": "), message(folder));
    }

    @Test
    void readsFailuresAndTheirKinds(@TempDir Path folder) throws IOException {
        String good = Files.readString(out.resolve("summary.json"), StandardCharsets.UTF_8);
        String failed = good.replaceFirst("\"failures\": \\[\\]", """
                "failures": [{"kind": "model", "contribution": "faulty", "stage": "training", "model": "broken", "message": "boom"}]""");
        Files.writeString(folder.resolve("summary.json"), failed);
        assertEquals(List.of(new ContributionFailure(org.perturba.core.registry.ContributionKind.MODEL, "faulty", "training",
                Optional.of("broken"), "boom")), ExperimentOutputReader.read(folder).failures());
        assertDefect(folder, failed.replace("\"kind\": \"model\"", "\"kind\": \"plugin\""),
                "summary.json: failures[0].kind: expected attack, model, context, got 'plugin'");
        Files.writeString(folder.resolve("summary.json"), good.replaceFirst("\"failures\": \\[\\],", ""));
        assertEquals(List.of(), ExperimentOutputReader.read(folder).failures(), "a summary from before failures were recorded");
    }

    @Test
    void writesAndReadsTheWorstCaseOfAFindingWithEveryKeyPresent() throws IOException {
        Summary read = ExperimentOutputReader.read(out).summary();
        FindingSummary judged = new FindingSummary("context-protects", "claim", Verdict.NOT_REPRODUCED, new Interval(0.6, 0.95), 0.5,
                "evidence", Optional.of("adaptive"), Map.of("recomputed", 0.3, "adaptive", 0.8, "image-only", 0.2));
        FindingSummary plain = FindingSummary.notMeasured("universal-shift", "claim", "not measured");
        Summary written = new Summary(read.experiment(), read.seed(), read.subjects(), read.grid(), read.epsilons(), read.models(), read.segmenters(), read.attacks(),
                read.transfers(), read.failures(), List.of(judged, plain), read.universalFitCurve(), read.seeds(), read.perSeed());
        String json = SummaryJson.write(written);
        assertTrue(json.contains("\"verdict\": \"not-reproduced\"") && json.contains("\"verdict\": \"not-measured\"")
                && json.replaceAll("\\s+", "").contains("\"interval\":[0.6,0.95],\"threshold\":0.5"), json);
        assertTrue(json.contains("\"worstThreatModel\": \"adaptive\"") && json.contains("\"worstThreatModel\": null")
                && json.contains("\"ratioByThreatModel\": {}"), json);
        assertTrue(json.indexOf("\"adaptive\": 0.8") < json.indexOf("\"image-only\": 0.2")
                && json.indexOf("\"image-only\": 0.2") < json.indexOf("\"recomputed\": 0.3"), "sorted by threat model: " + json);
        assertEquals(written.findings(), SummaryJson.read(json).findings());
        String older = json.replaceAll(",\\s*\"worstThreatModel\": [^,]+,\\s*\"ratioByThreatModel\": \\{[^}]*\\}", "");
        assertFalse(older.contains("worstThreatModel"), older);
        assertEquals(List.of(Optional.<String>empty(), Optional.<String>empty()),
                SummaryJson.read(older).findings().stream().map(FindingSummary::worstThreatModel).toList(),
                "a summary from before threat models reads with none");
    }

    private static void assertContains(Interval interval, double value) {
        assertTrue(interval.lo() <= value + 1e-4 && value - 1e-4 <= interval.hi(), value + " in " + interval);
    }

    private static void assertDefect(Path folder, String summary, String ending) throws IOException {
        Files.writeString(folder.resolve("summary.json"), summary);
        String message = message(folder);
        assertTrue(message.endsWith(ending), message);
    }

    private static String message(Path folder) {
        return assertThrows(IOException.class, () -> ExperimentOutputReader.read(folder)).getMessage();
    }

    private static void assertCells(List<CellResult> expected, List<AttackSummary> read) {
        assertEquals(expected.size(), read.size());
        for (int i = 0; i < expected.size(); i++) {
            CellResult cell = expected.get(i);
            AttackSummary summary = read.get(i);
            assertEquals(cell.model(), summary.model());
            assertEquals(cell.craftedOn(), summary.craftedOn());
            assertEquals(cell.attack(), summary.attack());
            assertEquals(cell.threatModel(), summary.threatModel());
            assertEquals(cell.epsilon(), summary.epsilon());
            assertEquals(cell.direction(), summary.direction());
            assertEquals(cell.error(), summary.error());
            assertEquals(cell.subjects().size(), summary.subjects());
            assertEquals(cell.meanShift(), summary.meanShiftYears(), 1e-4);
            assertEquals(cell.meanAbsoluteShift(), summary.meanAbsShiftYears(), 1e-4);
            assertEquals(cell.fractionShiftedOver(5), summary.fractionShiftedOver5Years(), 1e-4);
            assertEquals(cell.meanSsimBrain(), summary.ssimBrain(), 1e-4);
            assertEquals(cell.meanSsimVolume(), summary.ssimVolume(), 1e-4);
            assertEquals(cell.maxLInf(), summary.maxLInf(), 1e-4);
            assertEquals(cell.meanPsnrBrainDb(), summary.psnrBrainDb(), 1e-4); // NaN equals NaN here
            assertEquals(cell.meanPsnrVolumeDb(), summary.psnrVolumeDb(), 1e-4);
            assertEquals(cell.meanEpsilonOverNoise(), summary.epsilonOverNoise(), 1e-4);
        }
    }
}

package org.perturba.releng.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code perturba demo --quick} end to end, the files and fields it promises, resuming an
 * interrupted run to the same summary, and {@code perturba run} on bad experiment files.
 */
class ExperimentCommandsTest {
    @TempDir
    static Path dir;
    private static Path demo;
    private static ProductRun demoRun;

    /** An experiment takes minutes on a loaded machine; the limit only catches a hang. */
    private static final Duration EXPERIMENT_LIMIT = Duration.ofMinutes(15);

    private static ProductRun perturba(String... arguments) throws Exception {
        return ProductRun.run(EXPERIMENT_LIMIT, Map.of(), "headless", "perturba", arguments);
    }

    @BeforeAll
    static void runQuickDemo() throws Exception {
        demo = dir.resolve("demo");
        demoRun = perturba("demo", "--quick", "--out", demo.toString(), "--seed", "11");
        assertEquals(0, demoRun.exitCode(), demoRun.err());
    }

    @Test
    void writesTheSummaryWithOneEntryPerModelAttackEpsilonAndDirection() throws Exception {
        JsonObject summary = JsonParser.parseString(Files.readString(demo.resolve("summary.json"))).getAsJsonObject();
        JsonArray models = summary.getAsJsonArray("models");
        assertEquals(Set.of("conventional", "hybrid"), ids(models, "id"));
        for (JsonElement model : models) {
            double mae = model.getAsJsonObject().get("maeYears").getAsDouble();
            assertTrue(mae > 0 && mae < 40, "MAE " + mae);
        }
        Set<String> cells = new HashSet<>();
        for (JsonElement element : summary.getAsJsonArray("attacks")) {
            JsonObject attack = element.getAsJsonObject();
            assertTrue(attack.get("error").isJsonNull(), attack.toString());
            for (String field : List.of("model", "attack", "epsilon", "direction", "meanAbsShiftYears", "fractionShiftedOver5Years",
                    "psnrBrainDb", "psnrVolumeDb", "ssimBrain", "ssimVolume", "epsilonOverNoise")) {
                assertNotNull(attack.get(field), field + " in " + attack);
            }
            assertTrue(Set.of("up", "down", "untargeted").contains(attack.get("direction").getAsString()), attack.toString());
            assertTrue(attack.get("meanAbsShiftYears").getAsDouble() >= 0);
            assertTrue(attack.get("psnrBrainDb").getAsDouble() > 20, "a budget of at most 0.02 keeps PSNR above 20 dB: " + attack);
            assertTrue(attack.get("psnrVolumeDb").getAsDouble() > attack.get("psnrBrainDb").getAsDouble(),
                    "the background inflates the whole volume's PSNR: " + attack);
            assertTrue(cells.add(attack.get("model").getAsString() + "/" + attack.get("attack").getAsString() + "/"
                    + attack.get("epsilon").getAsDouble() + "/" + attack.get("direction").getAsString() + "/"
                    + attack.get("threatModel").getAsString()
                    + (attack.get("protocol").isJsonNull() ? "" : "/" + attack.get("protocol").getAsString())), "duplicate " + attack);
        }
        // up and down at two epsilons: on the conventional model fgsm, pgd-linf, apgd-linf, square-linf and universal
        // (in-sample and held-out); on the hybrid fgsm and pgd-linf under image-only, recomputed and adaptive, and universal
        // and universal-adaptive, each in-sample and held-out
        assertEquals(((1 + 1 + 1 + 1 + 2) + (3 + 3 + 2 * 2)) * 2 * 2, cells.size(), cells.toString());
        assertTrue(cells.contains("hybrid/pgd-linf/0.01/up/adaptive") && cells.contains("hybrid/fgsm/0.01/down/recomputed")
                && cells.contains("hybrid/universal/0.01/up/universal-adaptive/in-sample")
                && cells.contains("conventional/universal/0.02/down/universal/held-out"), cells.toString());
        assertFalse(cells.stream().anyMatch(cell -> cell.startsWith("conventional/") && cell.endsWith("adaptive")),
                "adaptive runs on the hybrid only");
        assertEquals(2, summary.getAsJsonArray("transfers").size());
        JsonObject hybrid = models.get(1).getAsJsonObject();
        assertEquals("image", hybrid.get("contextSource").getAsString(), "the demo's hybrid reads no ground-truth label");
        assertEquals("segmenter", hybrid.get("segmenter").getAsString());
        assertEquals(7, summary.getAsJsonArray("segmenters").get(0).getAsJsonObject().getAsJsonObject("dicePerRegion").size());
        assertEquals(Set.of("imperceptible-shift", "universal-shift", "context-protects"), ids(summary.getAsJsonArray("findings"), "id"));
    }

    @Test
    void writesTheReportFiguresCsvFilesAndProvenance() throws Exception {
        String report = Files.readString(demo.resolve("report.html"));
        assertTrue(report.contains("<table") && report.contains("figures/predicted-vs-true.png"), "report links its figures");
        for (String figure : List.of("predicted-vs-true", "shift-pgd-linf", "shift-universal", "universal-effect",
                "example-conventional")) {
            assertNotNull(ImageIO.read(demo.resolve("figures/" + figure + ".png").toFile()), figure + ".png decodes");
            DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(demo.resolve("figures/" + figure + ".svg").toFile());
            assertTrue(report.contains("figures/" + figure + ".png"), figure + " in the report");
        }
        List<String> attacks = Files.readAllLines(demo.resolve("attacks.csv"));
        assertTrue(attacks.get(0).startsWith("model,crafted_on,attack,threat_model,direction,epsilon,subject,age,clean_age"));
        // the 64 attack runs counted in the summary test and 2 transfers
        assertEquals(1 + (64 + 2) * 16, attacks.size(), "16 attacked subjects in each of 66 attack runs");
        assertEquals(1 + 2 * 18, Files.readAllLines(demo.resolve("predictions.csv")).size(), "18 test subjects per model");
        JsonObject provenance = JsonParser.parseString(Files.readString(demo.resolve("provenance.json"))).getAsJsonObject();
        assertEquals("demo", provenance.getAsJsonArray("commandLine").get(1).getAsString());
        assertEquals(11, provenance.getAsJsonObject("experiment").get("seed").getAsInt());
        assertTrue(provenance.getAsJsonObject("dataset").get("participantsSha256").getAsString().startsWith("sha256:"));
        assertTrue(provenance.getAsJsonObject("environment").has("nd4jBackend"));
    }

    @Test
    void printsATableOfShiftsAndTheFindings() {
        assertTrue(demoRun.out().lines().anyMatch(line -> line.matches("model conventional +\\(conventional\\) +test MAE +[0-9.]+ years")),
                demoRun.out());
        assertTrue(demoRun.out().lines().anyMatch(line -> line.matches("hybrid +pgd-linf \\(adaptive\\) +up( +[0-9.]+){2}")), demoRun.out());
        assertTrue(demoRun.out().lines().anyMatch(line -> line.matches("(reproduced|not-reproduced|inconclusive|not-measured) +context-protects: .*")),
                demoRun.out());
        // the 66 runs of attacks.csv and the fit-size curve's 16: fits on 1 and 4 subjects at epsilon 0.01 of the
        // conventional model's and the hybrid's universal perturbation (context fixed), up and down, each measured twice
        assertTrue(demoRun.err().contains("perturba: attacking: 82 runs"), "progress on stderr: " + demoRun.err());
        List<String> lines = demoRun.out().lines().toList();
        int header = lines.indexOf(lines.stream().filter(line -> line.startsWith("model ") && line.contains("ε=")).findFirst()
                .orElseThrow());
        int width = lines.get(header).indexOf("   (mean |age shift|");
        List<String> rows = lines.subList(header + 1, lines.subList(header, lines.size()).indexOf("") + header);
        assertTrue(rows.stream().anyMatch(row -> row.contains(" from ")), "the transfers are in the table:\n" + demoRun.out());
        assertTrue(rows.stream().allMatch(row -> row.length() == width), "every row in line with the header:\n" + demoRun.out());
    }

    @Test
    void aRunKilledMidwayResumesToTheSameSummaryAsAnUninterruptedOne() throws Exception {
        Path killed = dir.resolve("killed");
        Process run = ProductRun.start("headless", "perturba", "demo", "--quick", "--out", killed.toString(), "--seed", "11");
        try {
            waitForCells(killed.resolve("cells"), 10, run);
        } finally {
            ProductRun.killHard(run);
        }
        assertFalse(Files.exists(killed.resolve("summary.json")), "killed before the end");
        ProductRun fresh = perturba("demo", "--quick", "--out", killed.toString(), "--seed", "11");
        assertEquals(1, fresh.exitCode(), "a run without --resume refuses a used folder");
        assertTrue(fresh.err().contains("--resume"), fresh.err());
        ProductRun resumed = perturba("demo", "--quick", "--out", killed.toString(), "--seed", "11", "--resume");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("was trained by the interrupted run"), resumed.err());
        // the killed run trained its models afresh: equal files also show that one seed gives one result
        assertEquals(Files.readString(demo.resolve("summary.json")), Files.readString(killed.resolve("summary.json")));
        assertEquals(Files.readString(demo.resolve("attacks.csv")), Files.readString(killed.resolve("attacks.csv")));
        try (Stream<Path> files = Files.walk(killed)) {
            assertEquals(List.of(), files.filter(file -> file.getFileName().toString().endsWith(".tmp")
                    || file.getFileName().toString().endsWith(".partial")).toList(), "no half-written files are left");
        }
    }

    /** Waits until the run has stored {@code count} cells, failing if it ends or takes too long. */
    private static void waitForCells(Path cells, int count, Process run) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + EXPERIMENT_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(cells)) {
                try (Stream<Path> files = Files.list(cells)) {
                    if (files.count() >= count) {
                        return;
                    }
                }
            }
            assertTrue(run.isAlive(), "the run ended before it could be interrupted");
            Thread.sleep(200);
        }
        throw new AssertionError("no " + count + " cells in " + cells + " within " + EXPERIMENT_LIMIT);
    }

    @Test
    void twoEntriesOfOneAttackAreTwoRowsOfTheTable() throws Exception {
        Path file = dir.resolve("two-entries.json");
        Files.writeString(file, "{\"dataset\": {\"cohort\": {\"subjects\": 20}}, \"models\": [{\"id\": \"m\", \"kind\": \"conventional\","
                + " \"epochs\": 1}], \"epsilons\": [0.02], \"attacks\": [{\"attack\": \"pgd-linf\", \"parameters\": {\"steps\": 2}},"
                + " {\"attack\": \"pgd-linf\", \"parameters\": {\"steps\": 2, \"shift-years\": 0.5}}], \"attackedSubjects\": 2}");
        ProductRun run = perturba("run", file.toString(), "--out", dir.resolve("two-entries").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().lines().anyMatch(line -> line.matches("m +pgd-linf shift-years=0.0 +up +[0-9.]+")), run.out());
        assertTrue(run.out().lines().anyMatch(line -> line.matches("m +pgd-linf shift-years=0.5 +up +[0-9.]+")), run.out());
    }

    @Test
    void refusesBadExperimentFilesWithOneLine() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"dataset\": {\"cohort\": {}}, \"models\": [{\"id\": \"m\", \"kind\": \"conventional\"}],"
                + " \"epsilons\": [0.01], \"attacks\": [{\"attack\": \"pgd-linf\", \"directions\": [\"sideways\"]}]}");
        assertOneLineError(perturba("run", file.toString(), "--out", dir.resolve("bad-out").toString()),
                "bad.json: attacks[0].directions[0]: expected up, down or untargeted, got \"sideways\"");
        Files.writeString(file, "{\"dataset\": {\"cohort\": {\"subjects\": 20}}, \"models\": [{\"id\": \"m\", \"kind\": \"conventional\"}],"
                + " \"epsilons\": [0.01], \"attacks\": [{\"attack\": \"deepfool\"}]}");
        assertOneLineError(perturba("run", file.toString(), "--out", dir.resolve("bad-out2").toString()),
                "bad.json: attacks[0].attack: no attack 'deepfool' installed");
        assertFalse(Files.exists(dir.resolve("bad-out2")), "no folder for a refused experiment");
        Files.writeString(file, "{\"dataset\": {\"cohort\": {\"subjects\": 20}}, \"models\": [{\"id\": \"m\", \"kind\": \"conventional\"}],"
                + " \"epsilons\": [0.01], \"attacks\": [{\"attack\": \"pgd-linf\", \"parameters\": {\"steps\": 0}}]}");
        assertOneLineError(perturba("run", file.toString(), "--out", dir.resolve("bad-out3").toString()), "parameter 'steps'");
        assertOneLineError(perturba("run", dir.resolve("missing.json").toString(), "--out", dir.resolve("x").toString()),
                "missing.json: cannot read");
    }

    private static void assertOneLineError(ProductRun run, String expected) {
        assertEquals(1, run.exitCode(), run.err());
        List<String> errors = run.err().lines().filter(line -> line.startsWith("perturba: error: ")).toList();
        assertEquals(1, errors.size(), run.err());
        assertTrue(errors.get(0).contains(expected), errors.get(0));
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    private static Set<String> ids(JsonArray array, String field) {
        Set<String> ids = new HashSet<>();
        array.forEach(element -> ids.add(element.getAsJsonObject().get(field).getAsString()));
        return ids;
    }
}

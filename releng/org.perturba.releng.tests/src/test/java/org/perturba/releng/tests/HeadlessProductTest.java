package org.perturba.releng.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The materialized headless product, started through its launcher script. */
class HeadlessProductTest {

    private static ProductRun perturba(String... arguments) throws Exception {
        return ProductRun.run("headless", "perturba", arguments);
    }

    @Test
    void listsTheBuiltInContributionsAsJson() throws Exception {
        ProductRun run = perturba("extensions", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonObject listing = JsonParser.parseString(run.out()).getAsJsonObject();
        Map<String, String> attacks = bundlesById(listing.getAsJsonArray("attacks"));
        for (String id : new String[] { "fgsm", "pgd-linf", "pgd-l2", "universal" }) {
            assertEquals("org.perturba.attack", attacks.get(id), id);
        }
        assertEquals("org.perturba.example.attack", attacks.get("random-noise"), "the example plug-in is installed");
        Map<String, String> models = bundlesById(listing.getAsJsonArray("models"));
        for (String id : new String[] { "conventional", "hybrid", "conventional-intensity", "hybrid-intensity" }) {
            assertEquals("org.perturba.model", models.get(id), id);
        }
        Map<String, String> context = bundlesById(listing.getAsJsonArray("context"));
        Map<String, String> contextSources = valuesById(listing.getAsJsonArray("context"), "contextSource");
        for (String id : new String[] { "label-volumes", "label-fractions", "soft-tissue-volumes" }) {
            assertEquals("org.perturba.anatomy", context.get(id), id);
            assertEquals("ground-truth-labels", contextSources.get(id), id);
        }
        assertEquals("org.perturba.anatomy", context.get("segmented-volumes"));
        assertEquals("image", contextSources.get("segmented-volumes"));
        assertFalse(listing.getAsJsonArray("attacks").get(0).getAsJsonObject().has("contextSource"),
                "only context extractors have a context source");
        assertEquals(0, listing.getAsJsonArray("skipped").size(), run.out());
        assertEquals("", run.err(), "a clean listing writes nothing on stderr");
    }

    @Test
    void listsTheContributionsAsText() throws Exception {
        ProductRun run = perturba("extensions");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("fgsm") && run.out().contains("conventional")
                && run.out().contains("label-volumes"), run.out());
        assertTrue(run.out().contains("contextSource    image (computed from the image alone"), run.out());
    }

    @Test
    void helpListsEveryCommand() throws Exception {
        ProductRun run = perturba("--help");
        assertEquals(0, run.exitCode(), run.err());
        for (String command : new String[] { "extensions", "run", "demo", "version", "workbench", "help" }) {
            assertTrue(run.out().contains("\n  " + command), command + " missing from:\n" + run.out());
        }
    }

    @Test
    void unknownCommandGivesUsageAndExitCodeTwo() throws Exception {
        assertUsageError(perturba("frobnicate"), "perturba: unknown command 'frobnicate'");
        assertUsageError(perturba(), "perturba: no command given");
    }

    @Test
    void badOptionGivesUsageAndExitCodeTwo() throws Exception {
        assertUsageError(perturba("extensions", "--jsonn"), "perturba: unknown option '--jsonn' for 'extensions'");
        assertUsageError(perturba("--verbose"), "perturba: unknown option '--verbose'");
    }

    @Test
    void reportsTheNd4jCpuBackend() throws Exception {
        ProductRun run = perturba("version", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonObject facts = JsonParser.parseString(run.out()).getAsJsonObject();
        assertEquals("CpuBackend", facts.get("nd4jBackend").getAsString());
        assertFalse(run.err().contains(" INFO "), "ND4J start-up chatter must stay off stderr:\n" + run.err());
    }

    @Test
    void theBackendIsChosenAtRunTimeAndAMissingCudaBackendIsOneClearError() throws Exception {
        ProductRun cpu = ProductRun.run(Map.of("PERTURBA_BACKEND", "cpu"), "headless", "perturba", "version", "--json");
        assertEquals(0, cpu.exitCode(), cpu.err());
        assertEquals("CpuBackend", JsonParser.parseString(cpu.out()).getAsJsonObject().get("nd4jBackend").getAsString());
        ProductRun cuda = ProductRun.run(Map.of("PERTURBA_BACKEND", "cuda"), "headless", "perturba", "version");
        assertEquals(1, cuda.exitCode(), cuda.err());
        assertTrue(cuda.err().strip().startsWith("perturba: error: the ND4J backend did not load: PERTURBA_BACKEND=cuda,"
                + " but this build has no CUDA backend"), cuda.err());
        assertEquals(1, cuda.err().strip().lines().count(), cuda.err());
        assertFalse(cuda.showsStackTrace(), cuda.err());
        ProductRun bogus = ProductRun.run(Map.of("PERTURBA_BACKEND", "tpu"), "headless", "perturba", "version");
        assertEquals(2, bogus.exitCode());
        assertEquals("perturba: PERTURBA_BACKEND must be cpu or cuda, not 'tpu'", bogus.err().strip());
    }

    @Test
    void limitsAreSetThroughPerturbaJavaOptsAndAMalformedOneIsOneLine(@TempDir Path dir) throws Exception {
        ProductRun bad = ProductRun.run(Map.of("PERTURBA_JAVA_OPTS", "-Dperturba.limit.max-voxels=lots"), "headless", "perturba",
                "version");
        assertEquals(1, bad.exitCode(), bad.err());
        assertEquals("perturba: error: perturba.limit.max-voxels: expected a positive whole number (optionally with K, M or G),"
                + " got \"lots\"", bad.err().strip());
        Path file = Files.writeString(dir.resolve("study.json"), "{\"dataset\": {\"cohort\": {\"subjects\": 20}},"
                + " \"models\": [{\"id\": \"m\", \"kind\": \"conventional\"}], \"epsilons\": [0.01, 0.02],"
                + " \"attacks\": [{\"attack\": \"fgsm\"}], \"attackedSubjects\": 5}");
        ProductRun refused = ProductRun.run(Map.of("PERTURBA_JAVA_OPTS", "-Dperturba.limit.max-sweep-size=9"), "headless", "perturba",
                "run", file.toString(), "--out", dir.resolve("out").toString());
        assertEquals(1, refused.exitCode(), refused.err());
        assertEquals("perturba: error: " + file + ": the sweep is too large: 2 attack runs × 5 attacked subjects = 10, more than"
                + " the limit of 9 (perturba.limit.max-sweep-size)", refused.err().strip());
    }

    private static void assertUsageError(ProductRun run, String firstLine) {
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(firstLine, run.err().lines().findFirst().orElse(""));
        assertTrue(run.err().contains("usage: perturba"), run.err());
        assertEquals("", run.out());
        assertFalse(run.showsStackTrace(), run.err());
    }

    private static Map<String, String> bundlesById(JsonArray contributions) {
        return valuesById(contributions, "bundle");
    }

    private static Map<String, String> valuesById(JsonArray contributions, String key) {
        Map<String, String> values = new HashMap<>();
        for (JsonElement contribution : contributions) {
            JsonObject object = contribution.getAsJsonObject();
            values.put(object.get("id").getAsString(), object.get(key).getAsString());
        }
        return values;
    }
}

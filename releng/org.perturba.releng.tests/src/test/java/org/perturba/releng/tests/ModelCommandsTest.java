package org.perturba.releng.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** {@code perturba train} and {@code perturba evaluate} end to end on a small generated cohort. */
class ModelCommandsTest {
    @TempDir
    static Path dir;
    private static Path cohort;

    private static ProductRun perturba(String... arguments) throws Exception {
        return ProductRun.run("headless", "perturba", arguments);
    }

    @BeforeAll
    static void generateCohort() throws Exception {
        cohort = dir.resolve("cohort");
        ProductRun run = perturba("cohort", "--out", cohort.toString(), "--subjects", "40", "--seed", "2");
        assertEquals(0, run.exitCode(), run.err());
    }

    @Test
    void trainsSavesAndEvaluatesAHybridModel() throws Exception {
        Path model = dir.resolve("hybrid.zip");
        ProductRun train = perturba("train", "--data", cohort.toString(), "--model", "hybrid", "--context",
                "soft-tissue-volumes", "--out", model.toString(), "--epochs", "2", "--seed", "3");
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.err().contains("perturba: epoch 2/2: training loss"), train.err());
        assertTrue(train.out().lines().anyMatch(line -> line.matches("test: \\d+ subjects, MAE [0-9.]+ years, .*")), train.out());
        JsonObject sidecar = JsonParser.parseString(Files.readString(dir.resolve("hybrid.json"))).getAsJsonObject();
        assertEquals("hybrid", sidecar.get("kind").getAsString());
        assertEquals("soft-tissue-volumes", sidecar.getAsJsonObject("context").get("extractor").getAsString());
        assertTrue(sidecar.get("trainingData").getAsString().startsWith("sha256:"));

        Path csv = dir.resolve("predictions.csv");
        ProductRun evaluate = perturba("evaluate", "--model", model.toString(), "--data", cohort.toString(), "--split", "all",
                "--csv", csv.toString());
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        assertTrue(evaluate.out().startsWith("hybrid on all: 40 subjects, MAE "), evaluate.out());
        List<String> rows = Files.readAllLines(csv);
        assertEquals("participant_id,age,predicted_age,gap", rows.get(0));
        assertEquals(41, rows.size());
    }

    @Test
    void refusesBadRequestsWithOneLine() throws Exception {
        assertUsage(perturba("train", "--data", cohort.toString(), "--model", "transformer", "--out", "x.zip"),
                "perturba: unknown model 'transformer' (available: conventional, conventional-intensity, hybrid, hybrid-intensity)");
        assertUsage(perturba("train", "--data", cohort.toString(), "--model", "conventional", "--context", "label-volumes",
                "--out", dir.resolve("c.zip").toString()), "perturba: the conventional model takes no context features: drop --context");
        ProductRun noData = perturba("train", "--data", dir.resolve("nowhere").toString(), "--model", "conventional", "--out",
                dir.resolve("n.zip").toString());
        assertEquals(1, noData.exitCode(), noData.err());
        assertEquals("perturba: error: " + dir.resolve("nowhere") + ": not a dataset folder (no such directory)",
                noData.err().strip());
        ProductRun missing = perturba("evaluate", "--model", dir.resolve("none.zip").toString(), "--data", cohort.toString());
        assertEquals(1, missing.exitCode(), missing.err());
        assertEquals("perturba: error: " + dir.resolve("none.zip") + ": no such model file", missing.err().strip());
        Path other = dir.resolve("other-grid");
        assertEquals(0, perturba("cohort", "--out", other.toString(), "--subjects", "10", "--grid", "48").exitCode());
        Path model = dir.resolve("conventional.zip");
        assertEquals(0, perturba("train", "--data", cohort.toString(), "--model", "conventional", "--out", model.toString(),
                "--epochs", "1").exitCode());
        // the model records where its grid lies in the world: the images are resampled onto it
        ProductRun grid = perturba("evaluate", "--model", model.toString(), "--data", other.toString(), "--split", "all");
        assertEquals(0, grid.exitCode(), grid.err());
        assertTrue(grid.out().startsWith("conventional on all: 10 subjects, MAE "), grid.out());
        // and so does an experiment that loads the model: the run's grid is the model's
        Path experiment = dir.resolve("other-grid.json");
        Files.writeString(experiment, "{\"name\": \"a saved model on scans of another grid\", \"dataset\": {\"path\": \""
                + other + "\"}, \"models\": [{\"id\": \"saved\", \"load\": \"" + model + "\"}], \"epsilons\": [0.01],"
                + " \"attacks\": [{\"attack\": \"fgsm\", \"directions\": [\"up\"]}]}");
        ProductRun run = perturba("run", experiment.toString(), "--out", dir.resolve("other-grid-run").toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonObject summary = JsonParser.parseString(Files.readString(dir.resolve("other-grid-run/summary.json"))).getAsJsonObject();
        assertEquals("[32,32,32]", summary.getAsJsonObject("grid").get("shape").toString());
        assertFalse(grid.showsStackTrace());
    }

    private static void assertUsage(ProductRun run, String firstLine) {
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(firstLine, run.err().lines().findFirst().orElse(""));
        assertFalse(run.showsStackTrace(), run.err());
    }
}

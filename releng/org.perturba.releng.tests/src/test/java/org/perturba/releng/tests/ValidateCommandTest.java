package org.perturba.releng.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code perturba validate} on every shipped example and on bad files, and {@code perturba run}
 * refusing the same files before it creates its {@code --out} folder.
 */
class ValidateCommandTest {
    private static final String EXPERIMENT = "{\"dataset\": {\"cohort\": {\"subjects\": 20}}, "
            + "\"models\": [{\"id\": \"m\", \"kind\": \"conventional\"}], \"epsilons\": [0.01], \"attacks\": [%s]}";

    @TempDir
    Path dir;

    @Test
    void acceptsEveryShippedExampleWithOneLineOnWhatWouldRun() throws Exception {
        List<Path> examples;
        try (Stream<Path> files = Files.list(BundleManifest.ROOT.resolve("examples/experiments"))) {
            examples = files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(examples.isEmpty());
        for (Path example : examples) {
            ProductRun run = ProductRun.run("headless", "perturba", "validate", example.toString());
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(1, run.out().lines().count(), run.out());
            assertTrue(run.out().startsWith(example + ": valid: ") && run.out().contains(" models (") && run.out().contains(" attack runs")
                    && run.out().contains("subjects"), run.out());
        }
    }

    @Test
    void refusesABadFileInOneLineNamingTheFileAndField() throws Exception {
        Path file = dir.resolve("paper.json");
        Files.writeString(file, EXPERIMENT.formatted("{\"attack\": \"fgsm\"}, {\"attack\": \"deepfool\"}"));
        assertOneLineError(ProductRun.run("headless", "perturba", "validate", file.toString()),
                file + ": attacks[1].attack: no attack 'deepfool' installed (installed: ");
        Files.writeString(file, "{\"seed\": 1, \"seed\": 2}");
        assertOneLineError(ProductRun.run("headless", "perturba", "validate", file.toString()), file + ": seed: given twice");
        assertEquals(2, ProductRun.run("headless", "perturba", "validate").exitCode(), "no file is a usage error");
    }

    @Test
    void runRefusesWhatValidateRefusesBeforeCreatingItsFolder() throws Exception {
        Path file = dir.resolve("context.json");
        Files.writeString(file, EXPERIMENT.replace("\"kind\": \"conventional\"", "\"kind\": \"conventional\", \"context\": \"label-volumes\"")
                .formatted("{\"attack\": \"fgsm\"}"));
        Path out = dir.resolve("out");
        assertOneLineError(ProductRun.run("headless", "perturba", "run", file.toString(), "--out", out.toString()),
                file + ": models[0].context: model 'conventional' from org.perturba.model takes no context");
        assertFalse(Files.exists(out), "nothing is created for a refused experiment");
        assertOneLineError(ProductRun.run("headless", "perturba", "validate", file.toString()), "models[0].context");
    }

    private static void assertOneLineError(ProductRun run, String expected) {
        assertEquals(1, run.exitCode(), run.err());
        List<String> errors = run.err().lines().filter(line -> line.startsWith("perturba: error: ")).toList();
        assertEquals(1, errors.size(), run.err());
        assertTrue(errors.get(0).contains(expected), errors.get(0));
        assertFalse(run.showsStackTrace(), run.err());
    }
}

package org.perturba.faulty.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.experiment.run.ContributionFailure;
import org.perturba.experiment.run.ExperimentRunner;
import org.perturba.experiment.run.Invocation;
import org.perturba.experiment.run.RunResult;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.ExperimentSpecReader;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Headless proof of plug-in isolation: a tiny experiment with an attack that fails to load, a model
 * that fails to train and a context extractor that fails to extract, beside a real model and attack,
 * finishes; summary.json lists each failure with its message and holds the good model and cells.
 */
class FaultyContributionsTest {
    /** The faulty contributions beside real ones: fgsm on the conventional model must still run. */
    static final String EXPERIMENT = """
            {
              "name": "faulty plug-ins",
              "seed": 1,
              "dataset": {"cohort": {"subjects": 20, "grid": 32, "seed": 3}},
              "models": [
                {"id": "cnn", "kind": "conventional", "epochs": 1},
                {"id": "broken", "kind": "faulty-model", "epochs": 1},
                {"id": "hybrid-broken", "kind": "hybrid", "context": "faulty-context", "epochs": 1}
              ],
              "epsilons": [0.01],
              "attacks": [{"attack": "fgsm"}, {"attack": "faulty-attack"}],
              "transfers": [{"attack": "fgsm", "from": "cnn", "to": "broken"}],
              "attackedSubjects": 1
            }
            """;

    @TempDir
    Path folder;

    @Test
    void theRunReportsEachFaultyContributionAndCompletesTheRest() throws Exception {
        ExperimentSpec spec = ExperimentSpecReader.parse(EXPERIMENT, folder, "faulty");
        List<ContributionFailure> reported = new ArrayList<>();
        Path out = folder.resolve("run");
        RunResult result = new ExperimentRunner(new ContributionRegistry(), new RecordingProgress(reported)).run(spec, out, false,
                new Invocation("test", List.of("test"), Optional.empty()));

        assertEquals(3, reported.size(), "each failure is reported as it happens: " + reported);
        assertEquals(reported, result.failures());
        assertEquals(List.of("cnn"), result.models().stream().map(model -> model.id()).toList(), "the good model is trained");

        JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("summary.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        JsonArray failures = summary.getAsJsonArray("failures");
        assertEquals(3, failures.size(), failures.toString());
        assertFailure(failures.get(0), "model", FaultyContributions.MODEL, "training", "broken", FaultyContributions.MODEL_MESSAGE);
        assertFailure(failures.get(1), "context", FaultyContributions.CONTEXT, "extracting", "hybrid-broken",
                FaultyContributions.CONTEXT_MESSAGE);
        assertFailure(failures.get(2), "attack", FaultyContributions.ATTACK, "loading", null, FaultyContributions.ATTACK_MESSAGE);

        JsonArray models = summary.getAsJsonArray("models");
        assertEquals(1, models.size(), "models that failed are left out: " + models);
        assertEquals("cnn", models.get(0).getAsJsonObject().get("id").getAsString());
        JsonArray attacks = summary.getAsJsonArray("attacks");
        assertEquals(2, attacks.size(), "fgsm and the faulty attack on cnn: " + attacks);
        JsonObject good = attacks.get(0).getAsJsonObject();
        assertEquals("fgsm", good.get("attack").getAsString());
        assertTrue(good.get("error").isJsonNull(), good.toString());
        assertEquals(1, good.get("subjects").getAsInt());
        JsonObject bad = attacks.get(1).getAsJsonObject();
        assertEquals(FaultyContributions.ATTACK, bad.get("attack").getAsString());
        assertTrue(bad.get("error").getAsString().contains(FaultyContributions.ATTACK_MESSAGE), bad.toString());
        assertEquals(0, summary.getAsJsonArray("transfers").size(), "the transfer to the failed model is skipped");
        assertTrue(summary.has("findings"), "the findings are computed from what succeeded");
        String report = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(report.contains("Failed contributions") && report.contains(FaultyContributions.MODEL_MESSAGE), "the report says what failed");
    }

    private static void assertFailure(JsonElement element, String kind, String contribution, String stage, String model,
            String message) {
        JsonObject failure = element.getAsJsonObject();
        assertEquals(kind, failure.get("kind").getAsString(), failure.toString());
        assertEquals(contribution, failure.get("contribution").getAsString(), failure.toString());
        assertEquals(stage, failure.get("stage").getAsString(), failure.toString());
        assertEquals(model, failure.get("model").isJsonNull() ? null : failure.get("model").getAsString(), failure.toString());
        String text = failure.get("message").getAsString();
        assertTrue(text.contains(message) && !text.contains("\n"), "one line with the plug-in's message: " + text);
    }
}

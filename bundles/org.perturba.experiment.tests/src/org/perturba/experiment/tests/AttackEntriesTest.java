package org.perturba.experiment.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.experiment.output.AttackSummary;
import org.perturba.experiment.output.AttackedSubject;
import org.perturba.experiment.output.ExperimentOutput;
import org.perturba.experiment.output.ExperimentOutputReader;
import org.perturba.experiment.run.ExperimentProgress;
import org.perturba.experiment.run.ExperimentRunner;
import org.perturba.experiment.run.Invocation;
import org.perturba.experiment.run.RunResult;
import org.perturba.experiment.spec.ExperimentSpecReader;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Every attack run has its own result, at a tiny size: two entries of one attack that differ only
 * in a parameter, at two budgets 1e-7 apart, are four cells with four files, told apart in the
 * summary; and provenance.json names the bundle and version behind every contribution.
 */
class AttackEntriesTest {
    static final String EXPERIMENT = """
            {
              "name": "two entries of one attack",
              "seed": 1,
              "dataset": {"cohort": {"subjects": 20, "grid": 32, "seed": 3}},
              "models": [{"id": "cnn", "kind": "conventional", "epochs": 1}],
              "epsilons": [0.02, 0.0200001],
              "attacks": [
                {"attack": "pgd-linf", "directions": ["up"], "parameters": {"steps": 2}},
                {"attack": "pgd-linf", "directions": ["up"], "parameters": {"steps": 2, "shift-years": 0.5}}
              ],
              "attackedSubjects": 1
            }
            """;

    @TempDir
    Path folder;

    @Test
    void twoEntriesOfOneAttackAtTwoCloseBudgetsAreFourCells() throws Exception {
        Path out = folder.resolve("run");
        RunResult result = new ExperimentRunner(new ContributionRegistry(), ExperimentProgress.SILENT).run(
                ExperimentSpecReader.parse(EXPERIMENT, folder, "entries"), out, false,
                new Invocation("test", List.of("test"), Optional.empty()));

        assertEquals(4, result.cells().size());
        try (Stream<Path> files = Files.list(out.resolve("cells"))) {
            assertEquals(4, files.count(), "one file per cell");
        }
        JsonObject summary = json(out.resolve("summary.json"));
        JsonArray attacks = summary.getAsJsonArray("attacks");
        Set<String> keys = new HashSet<>();
        for (JsonElement attack : attacks) {
            JsonObject parameters = attack.getAsJsonObject().getAsJsonObject("parameters");
            keys.add(parameters.get("shift-years").getAsString() + " at " + parameters.get("epsilon").getAsString());
            assertEquals("2", parameters.get("steps").getAsString(), parameters.toString());
        }
        assertEquals(Set.of("0.0 at 0.02", "0.5 at 0.02", "0.0 at 0.0200001", "0.5 at 0.0200001"), keys,
                "each row carries its own parameters: " + attacks);
        assertNotEquals(attacks.get(0).getAsJsonObject().get("adversarialExample"), attacks.get(2).getAsJsonObject().get("adversarialExample"));

        List<String> rows = Files.readAllLines(out.resolve("attacks.csv"));
        assertTrue(rows.get(0).endsWith(",parameters_key,flags"), rows.get(0));
        assertEquals(4, ExperimentOutputReader.attackedSubjects(out).stream().map(AttackedSubject::parametersKey).distinct().count(),
                "each cell's subjects carry its parameters' key: " + rows);

        ExperimentOutput output = ExperimentOutputReader.read(out);
        List<Path> examples = new ArrayList<>();
        for (AttackSummary cell : output.attacks()) {
            examples.add(output.adversarialImage(cell).orElseThrow(() -> new AssertionError("no example for " + cell)));
        }
        assertEquals(4, new HashSet<>(examples).size(), "each cell has its own example image: " + examples);

        JsonArray contributions = json(out.resolve("provenance.json")).getAsJsonArray("contributions");
        assertContribution(contributions, "model", "conventional", "org.perturba.model");
        assertContribution(contributions, "attack", "pgd-linf", "org.perturba.attack");
        assertEquals(2, contributions.size(), contributions.toString());
    }

    private static void assertContribution(JsonArray contributions, String kind, String id, String bundle) {
        for (JsonElement element : contributions) {
            JsonObject contribution = element.getAsJsonObject();
            if (contribution.get("kind").getAsString().equals(kind) && contribution.get("id").getAsString().equals(id)) {
                assertEquals(bundle, contribution.get("bundle").getAsString());
                assertFalse(contribution.get("bundleVersion").getAsString().isEmpty(), contribution.toString());
                return;
            }
        }
        throw new AssertionError("no " + kind + " '" + id + "' in " + contributions);
    }

    private static JsonObject json(Path file) throws Exception {
        return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    }
}

package org.perturba.faulty.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.core.registry.ContributionKind;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.experiment.run.ContributionFailure;
import org.perturba.experiment.run.ExperimentRunner;
import org.perturba.experiment.run.Invocation;
import org.perturba.experiment.run.RunResult;
import org.perturba.experiment.spec.ExperimentSpecReader;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Attacks that return what the contract forbids, one rule each, beside the built-in attacks in one
 * run: each is caught from its result and recorded as a failure of its cell, with the rule, the
 * subject and the size, and has no result; the built-in attacks (the universal one's fitted
 * perturbation as applied, and every attack through the hybrid's context path, included) pass the same
 * check and keep theirs.
 */
class ContractBreakingAttacksTest {
    private static final List<String> WELL_BEHAVED = List.of("fgsm", "pgd-linf", "pgd-l2", "universal");
    /**
     * The cells of the well-behaved attacks: on the conventional model three gradient attacks and the
     * universal one measured in-sample and held-out; on the hybrid, three threat models of each gradient
     * attack and two of the universal one, each measured both ways.
     */
    private static final int WELL_BEHAVED_CELLS = 3 + 2 + 3 * 3 + 2 * 2;
    /**
     * The universal perturbation fitted again on one subject for the fit-size curve (context fixed, on
     * both models, each measured both ways): stored, but not rows of the summary.
     */
    private static final int FIT_CURVE_CELLS = 2 * 2;
    /** Each contract-breaking attack and what its failure must say. */
    private static final Map<String, String> BROKEN_RULES = new LinkedHashMap<>();
    static {
        BROKEN_RULES.put("mutates-input", "the attack modified its input image");
        BROKEN_RULES.put("exceeds-linf", "L-inf distance 0.015 exceeds the budget 0.01");
        BROKEN_RULES.put("exceeds-l2", "L2 distance");
        BROKEN_RULES.put("leaves-range", "a voxel lies 0.01 outside [0, 1]");
        BROKEN_RULES.put("changes-background", "brain-only is on, but a voxel outside the head changed by 0.01");
        BROKEN_RULES.put("returns-nan", "1 voxels are NaN or infinite");
    }
    /**
     * The faulty attacks beside the built-in ones, on both kinds of input: images only, and images
     * whose context is computed from them (the adaptive threat model follows it). The range is left in the
     * background, so brain-only is off there.
     */
    private static final String EXPERIMENT = """
            {
              "name": "contract-breaking attacks",
              "seed": 1,
              "dataset": {"cohort": {"subjects": 20, "grid": 32, "seed": 3}},
              "models": [
                {"id": "cnn", "kind": "conventional", "epochs": 1},
                {"id": "hyb", "kind": "hybrid-intensity", "context": "soft-tissue-volumes", "epochs": 1}
              ],
              "epsilons": [0.01],
              "attacks": [
                {"attack": "fgsm"},
                {"attack": "pgd-linf", "parameters": {"steps": 2}},
                {"attack": "pgd-l2", "parameters": {"steps": 2}},
                {"attack": "universal", "parameters": {"epochs": 1}},
                {"attack": "mutates-input", "models": ["cnn"]},
                {"attack": "exceeds-linf", "models": ["cnn"]},
                {"attack": "exceeds-l2", "models": ["cnn"]},
                {"attack": "leaves-range", "parameters": {"brain-only": false}, "models": ["cnn"]},
                {"attack": "changes-background", "models": ["cnn"]},
                {"attack": "returns-nan", "models": ["cnn"]}
              ],
              "attackedSubjects": 2,
              "universalFitSubjects": 2
            }
            """;

    /** The cell, the subject that breaks the rule most, and the rule with the size of the breach. */
    private static final Pattern FAILURE = Pattern.compile("broke the attack contract \\(up, epsilon 0\\.01\\): ([^:]+): (.+)");

    @TempDir
    Path folder;

    @Test
    void eachBrokenRuleIsARecordedFailureWithoutResultAndTheOtherAttacksStillRun() throws Exception {
        List<ContributionFailure> reported = new ArrayList<>();
        Path out = folder.resolve("run");
        RunResult result = new ExperimentRunner(new ContributionRegistry(), new RecordingProgress(reported))
                .run(ExperimentSpecReader.parse(EXPERIMENT, folder, "contract"), out, false, new Invocation("test", List.of("test"), Optional.empty()));

        assertEquals(List.copyOf(BROKEN_RULES.keySet()), reported.stream().map(ContributionFailure::contribution).toList(),
                "one failure per contract-breaking attack, and none for the built-in ones: " + reported);
        Set<String> attacked = attackedSubjects(out.resolve("cells"));
        for (ContributionFailure failure : reported) {
            assertEquals(ContributionKind.ATTACK, failure.kind());
            assertEquals(ContributionFailure.ATTACKING, failure.stage());
            assertEquals(Optional.of("cnn"), failure.model());
            Matcher message = FAILURE.matcher(failure.message());
            assertTrue(message.matches() && attacked.contains(message.group(1)), "names an attacked subject: " + failure.message());
            assertTrue(message.group(2).contains(BROKEN_RULES.get(failure.contribution())), failure.message());
        }
        assertEquals(reported, result.failures());

        JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("summary.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        assertEquals(BROKEN_RULES.size(), summary.getAsJsonArray("failures").size());
        for (JsonElement element : summary.getAsJsonArray("attacks")) {
            JsonObject cell = element.getAsJsonObject();
            String attack = cell.get("attack").getAsString();
            if (WELL_BEHAVED.contains(attack)) {
                assertTrue(cell.get("error").isJsonNull(), cell.toString());
                assertEquals(2, cell.get("subjects").getAsInt(), cell.toString());
            } else {
                assertTrue(cell.get("error").getAsString().contains(BROKEN_RULES.get(attack)), cell.toString());
                assertTrue(cell.get("meanShiftYears").isJsonNull(), "a refused result has no numbers to rank: " + cell);
            }
        }
        assertEquals(WELL_BEHAVED_CELLS + BROKEN_RULES.size(), summary.getAsJsonArray("attacks").size());
        try (Stream<Path> stored = Files.list(out.resolve("cells"))) {
            assertEquals(WELL_BEHAVED_CELLS + FIT_CURVE_CELLS, stored.count(),
                    "refused cells are not stored, so that a resumed run tries them again");
        }
        String report = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        for (String rule : BROKEN_RULES.values()) {
            assertTrue(report.contains(rule), "the report says " + rule);
        }
    }

    /** The subjects that the stored cells measured. */
    private static Set<String> attackedSubjects(Path cells) throws IOException {
        Set<String> subjects = new HashSet<>();
        try (Stream<Path> stored = Files.list(cells)) {
            for (Path cell : stored.toList()) {
                JsonObject json = JsonParser.parseString(Files.readString(cell, StandardCharsets.UTF_8)).getAsJsonObject();
                json.getAsJsonArray("subjects").forEach(outcome -> subjects.add(outcome.getAsJsonObject().get("subject").getAsString()));
            }
        }
        return subjects;
    }
}

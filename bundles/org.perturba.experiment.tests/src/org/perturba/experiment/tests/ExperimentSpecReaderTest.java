package org.perturba.experiment.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.imaging.ResourceLimits;
import org.perturba.imaging.ResourceLimits.Limit;
import org.perturba.experiment.spec.Direction;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.ExperimentSpecReader;
import org.perturba.experiment.spec.InvalidExperimentException;

class ExperimentSpecReaderTest {
    private static final Path BASE = Path.of("/data/study");
    private static final String VALID = """
            {
              "name": "small study",
              "seed": 3,
              "dataset": {"cohort": {"subjects": 60, "grid": 32, "seed": 9}},
              "models": [
                {"id": "cnn", "kind": "conventional", "epochs": 5},
                {"id": "hyb", "kind": "hybrid", "context": "soft-tissue-volumes"},
                {"id": "old", "load": "models/old.zip"}
              ],
              "epsilons": [0.005, 0.01],
              "attacks": [
                {"attack": "pgd-linf", "directions": ["up", "down"], "parameters": {"steps": 20, "brain-only": false}},
                {"attack": "adaptive", "models": ["hyb"]}
              ],
              "transfers": [{"attack": "pgd-linf", "from": "cnn", "to": "hyb", "direction": "down"}],
              "attackedSubjects": 12
            }
            """;

    @Test
    void readsEveryPartOfAValidExperiment() throws InvalidExperimentException {
        ExperimentSpec spec = ExperimentSpecReader.parse(VALID, BASE, "default");
        assertEquals("small study", spec.name());
        assertEquals(3, spec.seed());
        assertEquals(60, spec.dataset().cohort().orElseThrow().subjects());
        assertEquals(List.of("cnn", "hyb", "old"), spec.models().stream().map(model -> model.id()).toList());
        assertEquals(5, spec.model("cnn").training().epochs());
        assertEquals(3, spec.model("cnn").training().seed(), "models train with the experiment's seed");
        assertEquals(BASE.resolve("models/old.zip"), spec.model("old").load().orElseThrow(), "relative to the file");
        assertEquals(List.of(0.005, 0.01), spec.epsilons());
        assertEquals(List.of(Direction.UP, Direction.DOWN), spec.attacks().get(0).directions());
        assertEquals(Map.of("steps", "20", "brain-only", "false"), spec.attacks().get(0).parameters(),
                "numbers keep their integer form, booleans their text");
        assertEquals(List.of(Direction.UP), spec.attacks().get(1).directions(), "up by default");
        assertTrue(spec.attacks().get(1).appliesTo("hyb") && !spec.attacks().get(1).appliesTo("cnn"));
        assertEquals(Direction.DOWN, spec.transfers().get(0).direction());
        assertEquals(12, spec.attackedSubjects());
    }

    @Test
    void namesTheFieldOfEveryMistake() {
        assertError("models[0].kind: expected a non-empty string", VALID.replace("\"kind\": \"conventional\"", "\"kind\": 3"));
        assertError("attacks[0].directions[1]: expected up, down or untargeted", VALID.replace("\"down\"]", "\"sideways\"]"));
        assertError("models[0].epochs: expected a whole number", VALID.replace("\"epochs\": 5", "\"epochs\": 2.5"));
        assertError("epsilons[1]: expected a number in [0.0, 1.0]", VALID.replace("0.005, 0.01", "0.005, 3"));
        assertError("models[1].id: \"cnn\" is used twice", VALID.replace("\"id\": \"hyb\"", "\"id\": \"cnn\"")
                .replace("\"models\": [\"hyb\"]", "\"models\": [\"cnn\"]").replace("\"to\": \"hyb\"", "\"to\": \"old\""));
        assertError("attacks[1].models[0]: no model \"nope\"", VALID.replace("\"models\": [\"hyb\"]", "\"models\": [\"nope\"]"));
        assertError("transfers[0].to: no model \"gone\"", VALID.replace("\"to\": \"hyb\"", "\"to\": \"gone\""));
        assertError("attackedSubjects: expected a whole number in [1, 100000]", VALID.replace("\"attackedSubjects\": 12",
                "\"attackedSubjects\": 0"));
        assertError("attacks[0].parameters.epsilon: set by the experiment", VALID.replace("\"steps\": 20", "\"epsilon\": 0.1"));
        assertError("models[2]: give either \"kind\"", VALID.replace("\"load\": \"models/old.zip\"", "\"epochs\": 3"));
        assertError("dataset: give either \"path\"", VALID.replace("{\"cohort\": {\"subjects\": 60, \"grid\": 32, \"seed\": 9}}",
                "{}"));
        assertError("dataset.cohort: grid must be 32, 48 or 64", VALID.replace("\"grid\": 32", "\"grid\": 40"));
    }

    @Test
    void namesTheFieldOfPathsAndNumbersThatBrokeTheReader() {
        assertError("models[2].load: not a valid path", VALID.replace("models/old.zip", "models/\\u0000.zip"));
        assertError("attacks[0].parameters.steps: 1e999999999 is out of range", VALID.replace("\"steps\": 20",
                "\"steps\": 1e999999999"));
        assertError("attacks[0].parameters.steps: 1e-999999999 is out of range", VALID.replace("\"steps\": 20",
                "\"steps\": 1e-999999999"));
        assertError("attacks[0].parameters.steps: 1e2147483648 is out of range", VALID.replace("\"steps\": 20",
                "\"steps\": 1e2147483648"));
    }

    @Test
    void reportsUnknownFieldsSoThatTyposDoNotFallBackToDefaults() {
        assertError("attackedSubject: unknown field", VALID.replace("\"attackedSubjects\"", "\"attackedSubject\""));
        assertError("models[0].epoch: unknown field", VALID.replace("\"epochs\": 5", "\"epoch\": 5"));
    }

    @Test
    void refusesWhatIsNotJsonInOneLine() {
        for (String text : List.of("", "[]", "{", "{\"seed\": 1,}", "not json", "{\"a\": 1} trailing", "[".repeat(100_000))) {
            InvalidExperimentException e = assertThrows(InvalidExperimentException.class,
                    () -> ExperimentSpecReader.parse(text, BASE, "x"), text.length() > 20 ? "deep nesting" : text);
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void readsAFileAndNamesItInErrors(@TempDir Path folder) throws IOException, InvalidExperimentException {
        Path file = folder.resolve("study.json");
        Files.writeString(file, VALID.replace("\"name\": \"small study\",", ""));
        assertEquals("study", ExperimentSpecReader.read(file).name(), "the file name is the default name");
        Files.writeString(file, "{}");
        InvalidExperimentException e = assertThrows(InvalidExperimentException.class, () -> ExperimentSpecReader.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        Files.write(file, new byte[(1 << 20) + 1]);
        assertThrows(InvalidExperimentException.class, () -> ExperimentSpecReader.read(file));
        assertThrows(InvalidExperimentException.class, () -> ExperimentSpecReader.read(folder.resolve("missing.json")));
    }

    @Test
    void theExperimentFileSizeIsCapped(@TempDir Path folder) throws IOException, InvalidExperimentException {
        Path file = folder.resolve("study.json");
        Files.writeString(file, VALID);
        long size = Files.size(file);
        assertEquals("small study", ExperimentSpecReader.read(file, limit(Limit.MAX_EXPERIMENT_FILE_BYTES, size)).name());
        InvalidExperimentException e = assertThrows(InvalidExperimentException.class,
                () -> ExperimentSpecReader.read(file, limit(Limit.MAX_EXPERIMENT_FILE_BYTES, size - 1)));
        assertEquals(file + ": refused: " + size + " bytes, more than the limit of " + (size - 1)
                + " (perturba.limit.max-experiment-file-bytes)", e.getMessage());
    }

    @Test
    void theSweepSizeIsCapped() throws InvalidExperimentException {
        // pgd-linf: 3 models × 2 directions × 2 epsilons, adaptive: 1 × 1 × 2, one transfer × 2 epsilons: 16 runs × 12 subjects
        ExperimentSpec spec = ExperimentSpecReader.parse(VALID, BASE, "x", limit(Limit.MAX_SWEEP_SIZE, 192));
        assertEquals(16, spec.sweepCells());
        assertEquals(192, spec.sweepSize());
        InvalidExperimentException e = assertThrows(InvalidExperimentException.class,
                () -> ExperimentSpecReader.parse(VALID, BASE, "x", limit(Limit.MAX_SWEEP_SIZE, 191)));
        assertEquals("the sweep is too large: 16 attack runs × 12 attacked subjects = 192, more than the limit of 191"
                + " (perturba.limit.max-sweep-size)", e.getMessage());
    }

    @Test
    void aMalformedLimitPropertyIsAOneLineExperimentError() {
        System.setProperty("perturba.limit.max-sweep-size", "many");
        try {
            InvalidExperimentException e = assertThrows(InvalidExperimentException.class,
                    () -> ExperimentSpecReader.parse(VALID, BASE, "x"));
            assertEquals("perturba.limit.max-sweep-size: expected a positive whole number (optionally with K, M or G), got \"many\"",
                    e.getMessage());
        } finally {
            System.clearProperty("perturba.limit.max-sweep-size");
        }
    }

    private static ResourceLimits limit(Limit limit, long value) {
        return ResourceLimits.defaults().with(limit, value);
    }

    private static void assertError(String expected, String text) {
        InvalidExperimentException e = assertThrows(InvalidExperimentException.class,
                () -> ExperimentSpecReader.parse(text, BASE, "x"), expected);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}

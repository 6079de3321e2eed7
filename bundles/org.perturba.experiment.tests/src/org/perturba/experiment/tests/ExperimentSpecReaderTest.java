package org.perturba.experiment.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.imaging.ResourceLimits;
import org.perturba.imaging.ResourceLimits.Limit;
import org.perturba.experiment.spec.Direction;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.ExperimentSpecReader;
import org.perturba.experiment.spec.InvalidExperimentException;
import org.perturba.experiment.spec.SegmenterSpec;
import org.perturba.experiment.spec.ThreatModel;

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
                {"attack": "fgsm", "models": ["hyb"]}
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
        assertEquals(List.of(), spec.attacks().get(1).directions(), "none listed: the attack's default");
        assertTrue(spec.attacks().get(1).appliesTo("hyb") && !spec.attacks().get(1).appliesTo("cnn"));
        assertEquals(Optional.of(Direction.DOWN), spec.transfers().get(0).direction());
        assertEquals(12, spec.attackedSubjects());
        assertEquals(ThreatModel.ALL, spec.threatModels(), "all three threat models by default");
    }

    @Test
    void readsTheThreatModelsAndRefusesUnknownOrRepeatedOnes() throws InvalidExperimentException {
        String named = VALID.replace("\"attackedSubjects\": 12", "\"attackedSubjects\": 12, \"threatModels\": [\"adaptive\", \"image-only\"]");
        assertEquals(List.of(ThreatModel.ADAPTIVE, ThreatModel.IMAGE_ONLY), ExperimentSpecReader.parse(named, BASE, "x").threatModels());
        assertEquals(List.of(ThreatModel.ADAPTIVE, ThreatModel.IMAGE_ONLY),
                ExperimentSpecReader.parse(named, BASE, "x").reduced().threatModels(), "a reduced run keeps them");
        assertError("threatModels[1]: expected one of image-only, recomputed, adaptive, got \"oracle\"",
                named.replace("\"image-only\"]", "\"oracle\"]"));
        assertError("threatModels: values repeat: [adaptive, adaptive]", named.replace("\"image-only\"]", "\"adaptive\"]"));
        assertError("threatModels: expected an array", named.replace("[\"adaptive\", \"image-only\"]", "\"adaptive\""));
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
        assertError("dataset.cohort.grid: grid 36x36x36: each side must be a multiple of 8",
                VALID.replace("\"grid\": 32", "\"grid\": 36"));
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
    void refusesAFieldGivenTwiceWhereverItIs() {
        assertError("seed: given twice (at line 4 column 3)", VALID.replace("\"seed\": 3,", "\"seed\": 3,\n  \"seed\": 4,"));
        assertError("models[0].epochs: given twice", VALID.replace("\"epochs\": 5", "\"epochs\": 5, \"epochs\": 50"));
        assertError("attacks[0].parameters.steps: given twice", VALID.replace("\"steps\": 20", "\"steps\": 20, \"steps\": 2"));
    }

    @Test
    void refusesTextAfterTheExperiment() {
        assertError("not valid JSON at line 18 column 1: text after the end of the JSON value", VALID + "trailing");
        assertError("not valid JSON at line 18 column 1: text after the end of the JSON value", VALID + VALID);
    }

    @Test
    void reportsSyntaxErrorsByLineAndColumnWithoutGsonInternals() {
        String missingComma = VALID.replace("\"seed\": 3,", "\"seed\": 3");
        InvalidExperimentException e = assertThrows(InvalidExperimentException.class,
                () -> ExperimentSpecReader.parse(missingComma, BASE, "x"));
        assertEquals("not valid JSON at line 4 column 3: expected ',' or '}'", e.getMessage());
        assertError("not valid JSON at line 1 column 11: expected a value", "{\"a\": [1, ]}");
        assertError("not valid JSON at line 1 column 1: expected a value, found the end of the file", "");
        assertError("not valid JSON at line 1 column 10: a number with a leading zero", "{\"seed\": 01}");
        assertError("not valid JSON at line 1 column 2: expected a field name in double quotes", "{seed: 1}");
        for (String text : List.of("{\"seed\": 1,}", "{\"a\": [1,]}", "{\"a\": \"x", "{\"a\": tru}", "{\"a\": \"\\q\"}", "// c\n{}")) {
            InvalidExperimentException error = assertThrows(InvalidExperimentException.class,
                    () -> ExperimentSpecReader.parse(text, BASE, "x"), text);
            assertTrue(error.getMessage().startsWith("not valid JSON at line 1") || error.getMessage().startsWith("not valid JSON at line 2"),
                    error.getMessage());
            assertTrue(!error.getMessage().contains("JsonReader") && !error.getMessage().contains("Strictness"), error.getMessage());
        }
    }

    @Test
    void refusesEmptyArraysThatWouldSilentlyMeanTheDefault() {
        assertError("attacks[0].directions: an empty array", VALID.replace("[\"up\", \"down\"]", "[]"));
        assertError("attacks[1].models: an empty array", VALID.replace("\"models\": [\"hyb\"]", "\"models\": []"));
        assertError("transfers: an empty array", VALID.replace(
                "[{\"attack\": \"pgd-linf\", \"from\": \"cnn\", \"to\": \"hyb\", \"direction\": \"down\"}]", "[]"));
        assertError("epsilons: an empty array", VALID.replace("[0.005, 0.01]", "[]"));
    }

    @Test
    void refusesTrainingSettingsForALoadedModel() {
        for (String setting : List.of("\"epochs\": 3", "\"batch\": 4", "\"patience\": 2", "\"augment\": false")) {
            String field = setting.substring(1, setting.indexOf('"', 1));
            assertError("models[2]." + field + ": a loaded model is not trained", VALID.replace("\"load\": \"models/old.zip\"",
                    "\"load\": \"models/old.zip\", " + setting));
        }
    }

    @Test
    void readsWholeNumbersExactlyUpTo2To63Minus1AndRefusesLarger() throws InvalidExperimentException {
        assertEquals(Long.MAX_VALUE, ExperimentSpecReader.parse(VALID.replace("\"seed\": 3", "\"seed\": 9223372036854775807"),
                BASE, "x").seed());
        ExperimentSpec beyondDouble = ExperimentSpecReader.parse(VALID.replace("\"seed\": 3", "\"seed\": 9007199254740993")
                .replace("\"seed\": 9}", "\"seed\": 9007199254740995}"), BASE, "x");
        assertEquals(9007199254740993L, beyondDouble.seed(), "2^53 + 1 has no double");
        assertEquals(9007199254740995L, beyondDouble.dataset().cohort().orElseThrow().seed());
        assertEquals(5, ExperimentSpecReader.parse(VALID.replace("\"epochs\": 5", "\"epochs\": 5.0"), BASE, "x")
                .model("cnn").training().epochs(), "5.0 is a whole number");
        assertError("seed: expected a whole number in [0, 9223372036854775807], got 9223372036854775808",
                VALID.replace("\"seed\": 3", "\"seed\": 9223372036854775808"));
        assertError("dataset.cohort.seed: expected a whole number in [0, 9223372036854775807], got 1e19",
                VALID.replace("\"seed\": 9}", "\"seed\": 1e19}"));
        assertError("seed: expected a whole number", VALID.replace("\"seed\": 3", "\"seed\": 1e999999999"));
        assertError("seed: expected a whole number", VALID.replace("\"seed\": 3", "\"seed\": 1e2147483648"));
    }

    @Test
    void namesTheFirstByteThatIsNotUtf8(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("latin1.json");
        byte[] text = VALID.replace("small study", "\u00e9tude").getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, text);
        InvalidExperimentException e = assertThrows(InvalidExperimentException.class, () -> ExperimentSpecReader.read(file));
        assertEquals(file + ": not UTF-8 text (byte 0xE9 at offset " + VALID.indexOf("small study") + ")", e.getMessage());
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
        // pgd-linf: (cnn + 3 threat models of hyb + old) × 2 directions × 2 epsilons, fgsm: 3 × 1 × 2,
        // one transfer × 2 epsilons: 28 runs × 12 subjects
        ExperimentSpec spec = ExperimentSpecReader.parse(VALID, BASE, "x", limit(Limit.MAX_SWEEP_SIZE, 336));
        assertEquals(28, spec.sweepCells());
        assertEquals(336, spec.sweepSize());
        InvalidExperimentException e = assertThrows(InvalidExperimentException.class,
                () -> ExperimentSpecReader.parse(VALID, BASE, "x", limit(Limit.MAX_SWEEP_SIZE, 335)));
        assertEquals("the sweep is too large: 28 attack runs × 12 attacked subjects = 336, more than the limit of 335"
                + " (perturba.limit.max-sweep-size)", e.getMessage());
        InvalidExperimentException seeds = assertThrows(InvalidExperimentException.class, () -> ExperimentSpecReader.parse(
                VALID.replace("\"seed\": 3,", "\"seeds\": [3, 4],"), BASE, "x", limit(Limit.MAX_SWEEP_SIZE, 336)));
        assertEquals("the sweep is too large: 28 attack runs × 12 attacked subjects × 2 seeds = 672, more than the limit of 336"
                + " (perturba.limit.max-sweep-size)", seeds.getMessage(), "every seed repeats the sweep");
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

    private static final String SEGMENTED = """
            {
              "dataset": {"cohort": {}},
              "segmenters": [
                {"id": "seg", "epochs": 12},
                {"id": "old-seg", "load": "models/seg.zip", "regions": "all-labels"}
              ],
              "models": [
                {"id": "cnn", "kind": "conventional"},
                {"id": "hyb", "kind": "hybrid", "context": "segmented-volumes", "segmenter": "old-seg"}
              ],
              "epsilons": [0.01]
            }
            """;

    @Test
    void readsSeveralSeedsOrOneButNotBoth() throws InvalidExperimentException {
        assertEquals(List.of(3L), ExperimentSpecReader.parse(VALID, BASE, "x").seeds(), "\"seed\": one seed");
        assertEquals(List.of(1L), ExperimentSpecReader.parse(VALID.replace("\"seed\": 3,", ""), BASE, "x").seeds(), "seed 1 by default");
        ExperimentSpec several = ExperimentSpecReader.parse(VALID.replace("\"seed\": 3,", "\"seeds\": [4, 2, 9],"), BASE, "x");
        assertEquals(List.of(4L, 2L, 9L), several.seeds(), "in the file's order");
        assertEquals(4, several.seed(), "the first seed is the experiment's seed");
        ExperimentSpec second = several.forSeed(2);
        assertEquals(List.of(2L), second.seeds());
        assertEquals(2, second.model("cnn").training().seed(), "each seed trains its models with it");
        assertEquals(several.model("cnn").training().epochs(), second.model("cnn").training().epochs());
        assertEquals(several.dataset(), second.dataset(), "the seeds share the data");
        assertEquals(List.of(4L, 2L, 9L), several.reduced().seeds());
        assertThrows(IllegalArgumentException.class, () -> several.forSeed(5));

        assertError("seed: give either \"seed\" (one seed) or \"seeds\" (several), not both",
                VALID.replace("\"seed\": 3,", "\"seed\": 3, \"seeds\": [1, 2],"));
        assertError("seeds: values repeat: [1, 2, 1]", VALID.replace("\"seed\": 3,", "\"seeds\": [1, 2, 1],"));
        assertError("seeds: an empty array", VALID.replace("\"seed\": 3,", "\"seeds\": [],"));
        assertError("seeds[1]: expected a whole number", VALID.replace("\"seed\": 3,", "\"seeds\": [1, 2.5],"));
        assertError("seeds: expected an array", VALID.replace("\"seed\": 3,", "\"seeds\": 2,"));
    }

    @Test
    void readsSegmentersAndWhichOneAModelMeasuresThrough() throws InvalidExperimentException {
        ExperimentSpec spec = ExperimentSpecReader.parse(SEGMENTED, BASE, "x");
        SegmenterSpec trained = spec.segmenters().get(0);
        assertEquals("seg", trained.id());
        assertEquals(SegmenterSpec.DEFAULT_REGIONS, trained.regions());
        assertEquals(12, trained.training().epochs());
        assertEquals(1, trained.training().seed(), "segmenters train with the experiment's seed");
        SegmenterSpec loaded = spec.segmenters().get(1);
        assertEquals(BASE.resolve("models/seg.zip"), loaded.load().orElseThrow());
        assertEquals("all-labels", loaded.regions());
        assertEquals(Optional.of("old-seg"), spec.segmenterOf(spec.model("hyb")));
        assertEquals(Optional.empty(), spec.segmenterOf(spec.model("cnn")), "two segmenters: none is implied");

        ExperimentSpec single = ExperimentSpecReader.parse(SEGMENTED.replace(",\n    {\"id\": \"old-seg\", \"load\": \"models/seg.zip\", \"regions\": \"all-labels\"}", "")
                .replace(", \"segmenter\": \"old-seg\"", ""), BASE, "x");
        assertEquals(Optional.of("seg"), single.segmenterOf(single.model("hyb")), "the only segmenter is implied");
        assertEquals(1, single.reduced().segmenters().get(0).training().epochs(), "a reduced run trains segmenters once");
    }

    @Test
    void refusesSegmentersThatDoNotAddUp() {
        assertError("models[1].segmenter: no segmenter \"nope\" (segmenters: old-seg, seg)",
                SEGMENTED.replace("\"segmenter\": \"old-seg\"", "\"segmenter\": \"nope\""));
        assertError("segmenters[1].id: \"seg\" is used twice", SEGMENTED.replace("\"id\": \"old-seg\"", "\"id\": \"seg\"")
                .replace("\"segmenter\": \"old-seg\"", "\"segmenter\": \"seg\""));
        assertError("segmenters[1].epochs: a loaded segmenter is not trained",
                SEGMENTED.replace("\"load\": \"models/seg.zip\"", "\"load\": \"models/seg.zip\", \"epochs\": 3"));
        assertError("segmenters[0].kind: unknown field", SEGMENTED.replace("\"epochs\": 12", "\"kind\": \"unet\""));
    }

    private static void assertError(String expected, String text) {
        InvalidExperimentException e = assertThrows(InvalidExperimentException.class,
                () -> ExperimentSpecReader.parse(text, BASE, "x"), expected);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}

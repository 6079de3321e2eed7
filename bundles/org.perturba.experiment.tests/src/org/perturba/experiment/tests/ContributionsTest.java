package org.perturba.experiment.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.experiment.run.Contributions;
import org.perturba.experiment.run.ExperimentValidation;
import org.perturba.experiment.spec.Direction;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.ExperimentSpecReader;
import org.perturba.experiment.spec.InvalidExperimentException;

/** What an experiment is checked for against the installed plug-ins, before anything runs. */
class ContributionsTest {
    private static final String MODELS = """
            "models": [{"id": "cnn", "kind": "conventional"}, {"id": "hyb", "kind": "hybrid", "context": "soft-tissue-volumes"}]""";

    private final Contributions contributions = new Contributions(new ContributionRegistry());

    @Test
    void acceptsAnExperimentOfInstalledPlugIns() throws InvalidExperimentException {
        contributions.validate(experiment(MODELS, """
                [{"attack": "pgd-linf", "directions": ["up", "down"]}, {"attack": "fgsm", "models": ["hyb"]}]""", """
                [{"attack": "pgd-linf", "from": "cnn", "to": "hyb"}]"""));
        assertEquals(List.of(Direction.UP), contributions.directions("fgsm", List.of()), "up by default");
        assertEquals(List.of(Direction.DOWN), contributions.directions("fgsm", List.of(Direction.DOWN)));
    }

    @Test
    void namesTheFieldOfAPlugInThatIsNotInstalled() {
        assertError("attacks[1].attack: no attack 'deepfool' installed (installed: ", MODELS, """
                [{"attack": "fgsm"}, {"attack": "deepfool"}]""", "[]");
        assertError("models[1].kind: no model 'transformer' installed (installed: ", MODELS.replace("hybrid", "transformer"), "[]",
                "[]");
        assertError("models[1].context: no context 'voxels' installed", MODELS.replace("soft-tissue-volumes", "voxels"),
                "[]", "[]");
        assertError("transfers[0].attack: no attack 'deepfool' installed", MODELS, "[]", """
                [{"attack": "deepfool", "from": "cnn", "to": "hyb"}]""");
    }

    @Test
    void checksThatAModelGetsAContextExactlyWhenItTakesOne() {
        assertError("models[0].context: model 'conventional' from org.perturba.model takes no context",
                MODELS.replace("\"kind\": \"conventional\"", "\"kind\": \"conventional\", \"context\": \"label-volumes\""), "[]", "[]");
        assertError("models[1]: model 'hybrid' from org.perturba.model takes a \"context\" (installed: ",
                MODELS.replace(", \"context\": \"soft-tissue-volumes\"", ""), "[]", "[]");
    }

    @Test
    void namesTheEntryOfAParameterOutOfItsBounds() {
        assertError("attacks[0].parameters: attack 'pgd-linf' from org.perturba.attack: parameter 'steps': '0' is invalid", MODELS, """
                [{"attack": "pgd-linf", "parameters": {"steps": 0}}]""", "[]");
    }

    @Test
    void refusesTwoEntriesThatWouldRunTheSameCells() throws InvalidExperimentException {
        // steps 10 is pgd-linf's default: the second entry is the first one again
        assertError("attacks[1]: runs the same cells as attacks[0] (attack 'pgd-linf' with the same parameters on model 'cnn',"
                + " direction up)", MODELS, """
                [{"attack": "pgd-linf", "parameters": {"steps": 10}}, {"attack": "pgd-linf", "directions": ["up", "down"]}]""", "[]");
        contributions.validate(experiment(MODELS, """
                [{"attack": "pgd-linf", "parameters": {"steps": 10}},
                 {"attack": "pgd-linf", "parameters": {"steps": 10, "shift-years": 0.5}},
                 {"attack": "pgd-linf", "directions": ["down"]},
                 {"attack": "pgd-linf", "models": ["hyb"], "parameters": {"steps": 3}}]""", "[]"));
    }

    @Test
    void refusesATransferGivenTwice() {
        assertError("transfers[1]: the same transfer as transfers[0]", MODELS, "[]", """
                [{"attack": "pgd-linf", "from": "cnn", "to": "hyb"}, {"attack": "pgd-linf", "from": "cnn", "to": "hyb", "direction": "up"}]""");
    }

    @Test
    void validationNamesTheFileAndSummarisesWhatWouldRun(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("study.json");
        Files.writeString(file, json(MODELS, """
                [{"attack": "pgd-linf", "directions": ["up", "down"]}, {"attack": "fgsm", "models": ["hyb"]}]""", """
                [{"attack": "pgd-linf", "from": "cnn", "to": "hyb"}]"""));
        ExperimentSpec spec = ExperimentValidation.read(file, new ContributionRegistry());
        assertEquals("2 models (cnn: train conventional, 60 epochs, hyb: train hybrid, 60 epochs), 24 attack runs (2 epsilons;"
                + " models with context under image-only, recomputed, adaptive) on up to 1000 test subjects each, on a generated cohort of 40 subjects (grid 32x32x32)", ExperimentValidation.summary(spec));
        Files.writeString(file, json(MODELS, "[{\"attack\": \"deepfool\"}]", "[]"));
        InvalidExperimentException e = assertThrows(InvalidExperimentException.class,
                () -> ExperimentValidation.read(file, new ContributionRegistry()));
        assertTrue(e.getMessage().startsWith(file + ": attacks[0].attack: no attack 'deepfool' installed"), e.getMessage());
    }

    private void assertError(String expected, String models, String attacks, String transfers) {
        InvalidExperimentException e = assertThrows(InvalidExperimentException.class,
                () -> contributions.validate(experiment(models, attacks, transfers)), expected);
        assertTrue(e.getMessage().startsWith(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    private static ExperimentSpec experiment(String models, String attacks, String transfers) throws InvalidExperimentException {
        return ExperimentSpecReader.parse(json(models, attacks, transfers), Path.of("/study"), "x");
    }

    /** An experiment; "[]" leaves the attacks or transfers out. */
    private static String json(String models, String attacks, String transfers) {
        return "{\"dataset\": {\"cohort\": {\"subjects\": 40}}, " + models + ", \"epsilons\": [0.01, 0.02]"
                + (attacks.equals("[]") ? "" : ", \"attacks\": " + attacks)
                + (transfers.equals("[]") ? "" : ", \"transfers\": " + transfers) + "}";
    }
}

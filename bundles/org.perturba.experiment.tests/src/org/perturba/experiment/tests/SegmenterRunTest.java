package org.perturba.experiment.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.imaging.io.Sha256;
import org.perturba.experiment.output.ExperimentOutputReader;
import org.perturba.experiment.output.ModelSummary;
import org.perturba.experiment.output.SegmenterSummary;
import org.perturba.experiment.output.Summary;
import org.perturba.experiment.run.CellResult;
import org.perturba.experiment.run.ExperimentProgress;
import org.perturba.experiment.run.ExperimentRunner;
import org.perturba.experiment.run.Invocation;
import org.perturba.experiment.run.RunResult;
import org.perturba.experiment.spec.ExperimentSpecReader;
import org.perturba.experiment.spec.InvalidExperimentException;
import org.perturba.model.ModelFiles;

/**
 * A run whose hybrid measures its context through a segmenter trained in the run: the segmenter is
 * trained first, saved, measured (Dice per region in summary.json) and loaded again on resume; the
 * hybrid records which segmenter its context came from and is attacked under every threat model; a
 * saved hybrid is refused with a segmenter other than its own and accepted with its own.
 */
class SegmenterRunTest {
    private static final String EXPERIMENT = """
            {
              "name": "segmenter",
              "seed": 1,
              "dataset": {"cohort": {"subjects": 20, "grid": 32, "seed": 3}},
              "segmenters": [{"id": "seg", "epochs": 1}],
              "models": [{"id": "cnn", "kind": "conventional", "epochs": 1},
                         {"id": "hyb", "kind": "hybrid", "context": "segmented-volumes", "epochs": 1}],
              "epsilons": [0.02],
              "attacks": [{"attack": "fgsm", "directions": ["up"]}],
              "attackedSubjects": 2,
              "universalFitSubjects": 2
            }
            """;

    @TempDir
    static Path folder;
    private static RunResult result;
    private static Summary summary;

    @BeforeAll
    static void run() throws Exception {
        result = run(EXPERIMENT, folder.resolve("run"), false, ExperimentProgress.SILENT);
        summary = ExperimentOutputReader.read(folder.resolve("run")).summary();
    }

    @Test
    void theSegmenterIsTrainedSavedAndMeasured() {
        assertTrue(Files.isRegularFile(folder.resolve("run/models/segmenters/seg.zip")));
        assertTrue(Files.isRegularFile(folder.resolve("run/models/segmenters/seg.json")));
        SegmenterSummary segmenter = summary.segmenters().get(0);
        assertEquals("seg", segmenter.id());
        assertEquals("brain-regions", segmenter.regions());
        assertEquals(3, segmenter.testSubjects(), "measured on the test split");
        assertEquals(List.of("extracerebral-csf", "ventricles", "cortical-grey-matter", "hippocampus-amygdala", "deep-grey-matter",
                "white-matter", "cerebellum"), List.copyOf(segmenter.dicePerRegion().keySet()));
        assertEquals(segmenter.dicePerRegion().values().stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                segmenter.diceMean(), 1e-3);
    }

    @Test
    void theHybridSaysWhereItsContextComesFrom() throws Exception {
        ModelSummary cnn = summary.models().get(0);
        ModelSummary hyb = summary.models().get(1);
        assertEquals(Optional.empty(), cnn.contextSource());
        assertEquals(Optional.empty(), cnn.segmenter());
        assertEquals(Optional.of("image"), hyb.contextSource());
        assertEquals(Optional.of("seg"), hyb.segmenter(), "the experiment's only segmenter");
        assertEquals(Optional.of(Sha256.ofFile(folder.resolve("run/models/segmenters/seg.zip"))),
                ModelFiles.load(folder.resolve("run/models/hyb.zip")).metadata().context().orElseThrow().segmenter());
        Set<String> threatModels = result.cells().stream().filter(cell -> cell.model().equals("hyb")).map(CellResult::threatModel)
                .collect(Collectors.toSet());
        assertEquals(Set.of("image-only", "recomputed", "adaptive"), threatModels);
        assertTrue(result.cells().stream().noneMatch(CellResult::failed));
    }

    @Test
    void aResumedRunLoadsTheSegmenterInsteadOfTrainingItAgain() throws Exception {
        List<String> notes = new ArrayList<>();
        ExperimentProgress noting = new ExperimentProgress() {
            @Override
            public void note(String message) {
                notes.add(message);
            }
        };
        Path copy = folder.resolve("resumed");
        Files.createDirectories(copy.resolve("models/segmenters"));
        for (String file : List.of("run.json", "models/segmenters/seg.zip", "models/segmenters/seg.json")) {
            Files.copy(folder.resolve("run").resolve(file), copy.resolve(file));
        }
        run(EXPERIMENT, copy, true, noting);
        assertTrue(notes.contains("segmenter 'seg' was trained by the interrupted run: loading it"), notes.toString());
        assertEquals(Files.readString(folder.resolve("run/models/segmenters/seg.json")),
                Files.readString(copy.resolve("models/segmenters/seg.json")));
    }

    @Test
    void aSavedHybridIsUsedOnlyWithItsOwnSegmenter() throws Exception {
        String loading = """
                {
                  "seed": %d,
                  "dataset": {"cohort": {"subjects": 20, "grid": 32, "seed": 3}},
                  "segmenters": [%s],
                  "models": [{"id": "hyb", "load": "%s"}],
                  "epsilons": [0.02]
                }
                """;
        String hybrid = folder.resolve("run/models/hyb.zip").toString();
        String own = "{\"id\": \"own\", \"load\": \"" + folder.resolve("run/models/segmenters/seg.zip") + "\"}";
        RunResult reused = run(String.format(loading, 1, own, hybrid), folder.resolve("own"), false, ExperimentProgress.SILENT);
        assertEquals(result.models().get(1).maeYears(), reused.models().get(0).maeYears(), 1e-9, "the same model, context and subjects");

        InvalidExperimentException e = assertThrows(InvalidExperimentException.class, () -> run(String.format(loading, 1,
                "{\"id\": \"other\", \"epochs\": 2}", hybrid), folder.resolve("other"), false, ExperimentProgress.SILENT));
        assertTrue(e.getMessage().startsWith("model 'hyb' was trained on context measured by another segmenter (sha256:"),
                e.getMessage());
    }

    private static RunResult run(String experiment, Path out, boolean resume, ExperimentProgress progress) throws Exception {
        return new ExperimentRunner(new ContributionRegistry(), progress).run(ExperimentSpecReader.parse(experiment, folder, "t"),
                out, resume, new Invocation("test", List.of("test"), Optional.empty()));
    }
}

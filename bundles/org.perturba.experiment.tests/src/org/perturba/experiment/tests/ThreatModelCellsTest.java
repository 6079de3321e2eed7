package org.perturba.experiment.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.experiment.output.AttackSummary;
import org.perturba.experiment.output.ExperimentOutput;
import org.perturba.experiment.output.ExperimentOutputReader;
import org.perturba.experiment.run.CellResult;
import org.perturba.experiment.run.ExperimentProgress;
import org.perturba.experiment.run.ExperimentRunner;
import org.perturba.experiment.run.Invocation;
import org.perturba.experiment.run.RunResult;
import org.perturba.experiment.spec.ExperimentSpecReader;

/**
 * One small run with a conventional model, a hybrid whose context is a differentiable function of
 * the image and a hybrid on label volumes (not differentiable): every attack cell of a model with
 * context under each threat model, each its own file and summary row; recomputed measures the
 * image-only images again with another context; adaptive crafts other images; a model whose
 * extractor cannot be differentiated gets no adaptive cells, and a note says why; a resumed run reads
 * each cell back, and refuses a cell file that holds another threat model's cell.
 */
class ThreatModelCellsTest {
    private static final String EXPERIMENT = """
            {
              "name": "threat models",
              "seed": 1,
              "dataset": {"cohort": {"subjects": 20, "grid": 32, "seed": 3}},
              "models": [{"id": "cnn", "kind": "conventional", "epochs": 1},
                         {"id": "hyb", "kind": "hybrid", "context": "soft-tissue-volumes", "epochs": 1},
                         {"id": "lab", "kind": "hybrid", "context": "label-volumes", "epochs": 1}],
              "epsilons": [0.02],
              "attacks": [
                {"attack": "pgd-linf", "directions": ["up"], "parameters": {"steps": 2}},
                {"attack": "universal", "directions": ["up"], "parameters": {"epochs": 1, "batch-size": 2}}
              ],
              "attackedSubjects": 2,
              "universalFitSubjects": 2
            }
            """;

    @TempDir
    static Path folder;
    private static RunResult result;
    private static ExperimentOutput output;
    private static final List<String> notes = new ArrayList<>();

    @BeforeAll
    static void run() throws Exception {
        ExperimentProgress noting = new ExperimentProgress() {
            @Override
            public void note(String message) {
                notes.add(message);
            }
        };
        result = new ExperimentRunner(new ContributionRegistry(), noting).run(ExperimentSpecReader.parse(EXPERIMENT, folder, "t"),
                folder.resolve("run"), false, new Invocation("test", List.of("test"), Optional.empty()));
        output = ExperimentOutputReader.read(folder.resolve("run"));
    }

    @Test
    void everyThreatModelIsACellOfItsOwnWithItsOwnFile() throws Exception {
        Map<String, Set<String>> byModel = new TreeMap<>();
        for (CellResult cell : result.cells()) {
            assertFalse(cell.failed(), cell.error().orElse(""));
            byModel.computeIfAbsent(cell.model(), model -> new TreeSet<>()).add(cell.attack() + " " + cell.threatModel());
        }
        assertEquals(Map.of("cnn", Set.of("pgd-linf image-only", "universal universal"),
                "hyb", Set.of("pgd-linf image-only", "pgd-linf recomputed", "pgd-linf adaptive", "universal universal",
                        "universal universal-adaptive"),
                "lab", Set.of("pgd-linf image-only", "pgd-linf recomputed", "universal universal")), byModel);
        try (Stream<Path> files = Files.list(folder.resolve("run/cells"))) {
            assertEquals(result.cells().size(), files.count(), "one file per cell");
        }
        assertEquals(result.cells().size(), output.attacks().size());
        assertEquals(result.cells().stream().map(cell -> cell.model() + " " + cell.attack() + " " + cell.threatModel())
                .collect(Collectors.toSet()), output.attacks().stream().map(row -> row.model() + " " + row.attack() + " "
                        + row.threatModel()).collect(Collectors.toSet()), "summary.json has a row per threat model");
        assertEquals(result.cells().size(), output.attacks().stream().map(AttackSummary::seriesName).distinct().count(),
                "each threat model is its own series");
        assertEquals(1, notes.stream().filter(note -> note.contains("no adaptive attacks on lab")
                && note.contains("'label-volumes' is not differentiable")).count(), "said once: " + notes);
    }

    @Test
    void recomputedMeasuresTheImageOnlyImagesWithTheContextOfTheAdversarialImages() throws Exception {
        CellResult imageOnly = cell("hyb", "pgd-linf", CellResult.IMAGE_ONLY);
        CellResult recomputed = cell("hyb", "pgd-linf", CellResult.RECOMPUTED);
        CellResult adaptive = cell("hyb", "pgd-linf", CellResult.ADAPTIVE);
        assertArrayEquals(Files.readAllBytes(example(imageOnly)), Files.readAllBytes(example(recomputed)),
                "crafted once: the same adversarial images");
        for (int i = 0; i < imageOnly.subjects().size(); i++) {
            assertEquals(imageOnly.subjects().get(i).cleanAge(), recomputed.subjects().get(i).cleanAge());
            assertEquals(imageOnly.subjects().get(i).lInf(), recomputed.subjects().get(i).lInf());
            assertNotEquals(imageOnly.subjects().get(i).adversarialAge(), recomputed.subjects().get(i).adversarialAge(),
                    "another context, another age");
        }
        assertFalse(Arrays.equals(Files.readAllBytes(example(imageOnly)), Files.readAllBytes(example(adaptive))),
                "the adaptive attack crafts other images");
        CellResult labelsOnly = cell("lab", "pgd-linf", CellResult.IMAGE_ONLY);
        CellResult labelsRecomputed = cell("lab", "pgd-linf", CellResult.RECOMPUTED);
        for (int i = 0; i < labelsOnly.subjects().size(); i++) {
            assertEquals(labelsOnly.subjects().get(i).adversarialAge(), labelsRecomputed.subjects().get(i).adversarialAge(), 1e-4,
                    "label volumes do not depend on the image: recomputing them changes nothing");
        }
    }

    @Test
    void aResumedRunReadsEveryThreatModelsCellBack() throws Exception {
        RunResult again = new ExperimentRunner(new ContributionRegistry(), ExperimentProgress.SILENT).run(
                ExperimentSpecReader.parse(EXPERIMENT, folder, "t"), folder.resolve("run"), true,
                new Invocation("test", List.of("test"), Optional.empty()));
        assertEquals(result.cells(), again.cells());
        Set<String> threatModels = new HashSet<>();
        again.cells().forEach(cell -> threatModels.add(cell.threatModel()));
        assertTrue(threatModels.containsAll(List.of("image-only", "recomputed", "adaptive", "universal", "universal-adaptive")));
    }

    @Test
    void aCellFileOfAnotherThreatModelIsNeverTakenForThisOne(@TempDir Path copy) throws Exception {
        Path run = folder.resolve("run");
        try (Stream<Path> paths = Files.walk(run)) {
            for (Path path : paths.toList()) {
                Path target = copy.resolve(run.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else if (!path.getFileName().toString().equals(".lock")) {
                    Files.copy(path, target);
                }
            }
        }
        Path imageOnly;
        Path recomputed;
        try (Stream<Path> cells = Files.list(copy.resolve("cells"))) {
            List<Path> hybridPgd = cells.filter(file -> file.getFileName().toString().startsWith("hyb--pgd-linf--")).sorted().toList();
            imageOnly = hybridPgd.stream().filter(file -> file.toString().endsWith("--image-only.json")).findFirst().orElseThrow();
            recomputed = hybridPgd.stream().filter(file -> file.toString().endsWith("--recomputed.json")).findFirst().orElseThrow();
        }
        Files.copy(imageOnly, recomputed, StandardCopyOption.REPLACE_EXISTING);
        IOException refused = assertThrows(IOException.class,
                () -> new ExperimentRunner(new ContributionRegistry(), ExperimentProgress.SILENT).run(
                        ExperimentSpecReader.parse(EXPERIMENT, folder, "t"), copy, true,
                        new Invocation("test", List.of("test"), Optional.empty())));
        assertTrue(refused.getMessage().contains(recomputed.getFileName() + ": not the result of this cell"), refused.getMessage());
    }

    private static CellResult cell(String model, String attack, String threatModel) {
        return result.cells().stream().filter(cell -> cell.model().equals(model) && cell.attack().equals(attack)
                && cell.threatModel().equals(threatModel)).findFirst().orElseThrow();
    }

    private static Path example(CellResult cell) {
        AttackSummary row = output.attacks().stream().filter(summary -> summary.model().equals(cell.model())
                && summary.attack().equals(cell.attack()) && summary.threatModel().equals(cell.threatModel())).findFirst()
                .orElseThrow();
        return output.adversarialImage(row).orElseThrow();
    }
}

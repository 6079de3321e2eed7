package org.perturba.model.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.model.GraphBrainAgeModel;
import org.perturba.model.InputGradients;
import org.perturba.model.ModelFiles;
import org.perturba.model.ModelInput;
import org.perturba.model.cnn.ConventionalCnnFactory;
import org.perturba.model.hybrid.HybridModelFactory;
import org.perturba.model.hybrid.IntensityHybridModelFactory;
import org.perturba.model.training.Batches;
import org.perturba.model.training.Evaluation;
import org.perturba.model.training.PreparedSubject;
import org.perturba.model.training.Trainer;
import org.perturba.model.training.TrainingProgress;
import org.perturba.model.training.TrainingSpec;

class TrainingTest {
    private static final List<PreparedSubject> TRAINING = TrainingFixtures.subjects(48, 1, true);
    private static final List<PreparedSubject> VALIDATION = TrainingFixtures.subjects(12, 2, true);

    @TempDir
    Path dir;

    @Test
    void theSameSeedGivesTheSameWeightsAndTrainingLearns() {
        List<Double> maes = new ArrayList<>();
        GraphBrainAgeModel first = train(3, 20, (epoch, epochs, loss, mae, best) -> maes.add(mae));
        GraphBrainAgeModel second = train(3, 20, (epoch, epochs, loss, mae, best) -> { });
        assertEquals(first.network().params(), second.network().params(), "same seed, same weights");
        assertNotEquals(first.network().params(), train(4, 5, (epoch, epochs, loss, mae, best) -> { }).network().params());
        assertEquals(20, maes.size());
        double spread = TRAINING.stream().mapToDouble(s -> Math.abs(s.age() - 55)).average().orElseThrow();
        double mae = Evaluation.of(first, VALIDATION).mae();
        assertTrue(mae < 0.8 * spread, "validation MAE " + mae + " should beat guessing the mean age (" + spread + ") " + maes);
        assertEquals(maes.stream().mapToDouble(Double::doubleValue).min().orElseThrow(), mae, 1e-4,
                "the weights of the best epoch are kept");
    }

    @Test
    void theIntensityPathIsStandardisedAndLearns() {
        GraphBrainAgeModel model = new Trainer().train(new IntensityHybridModelFactory(), "hybrid-intensity",
                Optional.of("test-context"), TrainingFixtures.GRID, TRAINING, VALIDATION, new TrainingSpec(20, 8, 3, 10, true),
                (epoch, epochs, loss, mae, best) -> { });
        double spread = TRAINING.stream().mapToDouble(s -> Math.abs(s.age() - 55)).average().orElseThrow();
        double mae = Evaluation.of(model, VALIDATION).mae();
        assertTrue(mae < 0.8 * spread, "validation MAE " + mae + " should beat guessing the mean age (" + spread + ")");
    }

    @Test
    void savedModelsLoadWithIdenticalPredictionsAndGradients() throws IOException {
        GraphBrainAgeModel model = train(3, 2, (epoch, epochs, loss, mae, best) -> { });
        Path zip = dir.resolve("hybrid.zip");
        ModelFiles.save(model, zip);
        GraphBrainAgeModel loaded = ModelFiles.loadTrained(zip);
        assertEquals(model.metadata().kind(), loaded.metadata().kind());
        assertEquals(model.metadata().trainingData(), loaded.metadata().trainingData());
        assertArrayEquals(model.metadata().context().orElseThrow().standardisation().means(),
                loaded.metadata().context().orElseThrow().standardisation().means());
        ModelInput batch = Batches.of(VALIDATION.subList(0, 4), model.metadata());
        assertArrayEquals(model.predictAges(batch), loaded.predictAges(batch));
        InputGradients before = model.ageGradients(batch);
        InputGradients after = loaded.ageGradients(batch);
        assertEquals(before.images(), after.images());
        assertEquals(before.context().orElseThrow(), after.context().orElseThrow());
    }

    @Test
    void aSaveThatCannotCompleteLeavesTheOldPairAndNoTemporaryFile() throws IOException {
        Path zip = dir.resolve("model.zip");
        ModelFiles.save(train(3, 1, (epoch, epochs, loss, mae, best) -> { }), zip);
        assertEquals(List.of("model.json", "model.zip"), names(dir), "the pair, nothing beside it");
        byte[] oldZip = Files.readAllBytes(zip);
        Path blocked = dir.resolve("blocked.zip");
        Files.write(blocked, oldZip);
        Files.createDirectory(ModelFiles.sidecar(blocked)); // the sidecar cannot be renamed into place
        assertThrows(IOException.class, () -> ModelFiles.save(train(4, 1, (epoch, epochs, loss, mae, best) -> { }), blocked));
        assertArrayEquals(oldZip, Files.readAllBytes(blocked), "the zip is put in place only after its sidecar");
        assertEquals(List.of("blocked.json", "blocked.zip", "model.json", "model.zip"), names(dir));
    }

    @Test
    void loadingRefusesMissingOrForeignMetadata() throws IOException {
        GraphBrainAgeModel model = train(3, 1, (epoch, epochs, loss, mae, best) -> { });
        Path zip = dir.resolve("model.zip");
        ModelFiles.save(model, zip);
        Path other = dir.resolve("other.zip");
        ModelFiles.save(train(4, 1, (epoch, epochs, loss, mae, best) -> { }), other);
        String own = Files.readString(ModelFiles.sidecar(zip));
        Files.writeString(ModelFiles.sidecar(zip), own.replaceFirst("\"ageScale\": [^,]+,", "\"ageScale\": Infinity,"));
        IOException infinite = assertThrows(IOException.class, () -> ModelFiles.load(zip));
        assertTrue(infinite.getMessage().contains("malformed model metadata (ageScale must be a finite number > 0, not Infinity)"),
                infinite.getMessage());
        Files.copy(ModelFiles.sidecar(other), ModelFiles.sidecar(zip), StandardCopyOption.REPLACE_EXISTING);
        IOException foreign = assertThrows(IOException.class, () -> ModelFiles.load(zip));
        assertTrue(foreign.getMessage().contains("does not belong to model.zip"), foreign.getMessage());
        Files.writeString(ModelFiles.sidecar(zip), "{ not json");
        IOException malformed = assertThrows(IOException.class, () -> ModelFiles.load(zip));
        assertTrue(malformed.getMessage().contains("malformed model metadata"), malformed.getMessage());
        Files.delete(ModelFiles.sidecar(zip));
        IOException missing = assertThrows(IOException.class, () -> ModelFiles.load(zip));
        assertTrue(missing.getMessage().contains("model.json is missing"), missing.getMessage());
    }

    @Test
    void trainingCanBeCancelledAndNeedsBothSplits() {
        TrainingProgress cancelled = new TrainingProgress() {
            @Override
            public void epochDone(int epoch, int epochs, double loss, double mae, boolean best) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThrows(CancellationException.class, () -> train(3, 2, cancelled));
        assertThrows(IllegalArgumentException.class, () -> new Trainer().train(new ConventionalCnnFactory(), "conventional",
                Optional.empty(), TrainingFixtures.GRID, TRAINING, List.of(), new TrainingSpec(1, 8, 1, 1, false),
                (epoch, epochs, loss, mae, best) -> { }));
    }

    @Test
    void evaluationMeasuresErrorCorrelationAndGapBias() {
        Evaluation evaluation = Evaluation.of(List.of(new Evaluation.Prediction("a", 20, 30),
                new Evaluation.Prediction("b", 40, 40), new Evaluation.Prediction("c", 60, 50)));
        assertEquals(20.0 / 3, evaluation.mae(), 1e-12);
        assertEquals(Math.sqrt(200.0 / 3), evaluation.rmse(), 1e-12);
        assertEquals(1, evaluation.pearson(), 1e-12);
        assertEquals(-0.5, evaluation.gapSlope(), 1e-12, "predictions regress to the mean");
    }

    private static GraphBrainAgeModel train(long seed, int epochs, TrainingProgress progress) {
        return new Trainer().train(new HybridModelFactory(), "hybrid", Optional.of("test-context"), TrainingFixtures.GRID,
                TRAINING, VALIDATION, new TrainingSpec(epochs, 8, seed, 10, true), progress);
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }
}

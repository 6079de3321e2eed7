package org.perturba.experiment.output;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.perturba.experiment.run.ContributionFailure;

/**
 * What a finished run left in its output folder, read back for viewing: its {@link Summary} (the
 * models, every attack and transfer run, the verdict on each of the paper's findings and the
 * contributions that failed), the test predictions and the example images.
 * {@link ExperimentOutputReader} reads it.
 */
public record ExperimentOutput(Path folder, Summary summary, List<Prediction> predictions) {

    public ExperimentOutput {
        predictions = List.copyOf(predictions);
    }

    public String name() {
        return summary.experiment();
    }

    public List<Double> epsilons() {
        return summary.epsilons();
    }

    public List<ModelSummary> models() {
        return summary.models();
    }

    public List<AttackSummary> attacks() {
        return summary.attacks();
    }

    public List<AttackSummary> transfers() {
        return summary.transfers();
    }

    public List<FindingSummary> findings() {
        return summary.findings();
    }

    /** The seeds the run repeated its split, training and attacks with; see {@link Summary#seeds()}. */
    public List<Long> seeds() {
        return summary.seeds();
    }

    /** With several seeds, each seed's own rows; empty with one. */
    public List<SeedSummary> perSeed() {
        return summary.perSeed();
    }

    public List<ContributionFailure> failures() {
        return summary.failures();
    }

    /** The first attacked subject's adversarial image of a run, when the folder holds it. */
    public Optional<Path> adversarialImage(AttackSummary cell) {
        return image(cell.adversarialExample());
    }

    /** The same subject's clean image, when the folder holds it. */
    public Optional<Path> cleanImage(AttackSummary cell) {
        return image(cell.cleanExample());
    }

    /** A file the summary names, if it is inside this folder and there. */
    private Optional<Path> image(Optional<String> relative) {
        Path root = folder.toAbsolutePath().normalize();
        return relative.map(root::resolve).map(Path::normalize).filter(file -> file.startsWith(root) && Files.isRegularFile(file));
    }

    /**
     * Successful attack and transfer runs grouped by {@link AttackSummary#seriesName()} (a transfer's
     * name says where it was crafted), in the summary's order, each series sorted by epsilon.
     */
    public Map<String, List<AttackSummary>> attackSeries() {
        Map<String, List<AttackSummary>> series = new LinkedHashMap<>();
        List<AttackSummary> cells = new ArrayList<>(attacks());
        cells.addAll(transfers());
        for (AttackSummary attack : cells) {
            if (!attack.failed() && Double.isFinite(attack.meanShiftYears())) {
                series.computeIfAbsent(attack.seriesName(), name -> new ArrayList<>()).add(attack);
            }
        }
        series.values().forEach(runs -> runs.sort((a, b) -> Double.compare(a.epsilon(), b.epsilon())));
        return series;
    }

    /** Test predictions grouped by model, in file order. */
    public Map<String, List<Prediction>> predictionsByModel() {
        Map<String, List<Prediction>> byModel = new LinkedHashMap<>();
        predictions.forEach(prediction -> byModel.computeIfAbsent(prediction.model(), id -> new ArrayList<>()).add(prediction));
        return byModel;
    }
}

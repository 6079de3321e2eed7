package org.perturba.experiment.output;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.perturba.experiment.run.ContributionFailure;

/**
 * What a finished run left in its output folder, read back for viewing: the models, every attack
 * and transfer run, the test predictions, the verdict on each of the paper's findings and the contributions that failed.
 * {@link ExperimentOutputReader} reads it.
 */
public record ExperimentOutput(Path folder, String name, List<Double> epsilons, List<ModelSummary> models,
        List<AttackSummary> attacks, List<AttackSummary> transfers, List<Prediction> predictions, List<FindingSummary> findings,
        List<ContributionFailure> failures) {

    public ExperimentOutput {
        epsilons = List.copyOf(epsilons);
        models = List.copyOf(models);
        attacks = List.copyOf(attacks);
        transfers = List.copyOf(transfers);
        predictions = List.copyOf(predictions);
        findings = List.copyOf(findings);
        failures = List.copyOf(failures);
    }

    /**
     * Successful attack and transfer runs grouped by {@link AttackSummary#seriesName()} (a transfer's
     * name says where it was crafted), in the summary's order, each series sorted by epsilon.
     */
    public Map<String, List<AttackSummary>> attackSeries() {
        Map<String, List<AttackSummary>> series = new LinkedHashMap<>();
        List<AttackSummary> cells = new ArrayList<>(attacks);
        cells.addAll(transfers);
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

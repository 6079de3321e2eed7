package org.perturba.ui.datasets;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.perturba.experiment.output.AttackSummary;
import org.perturba.experiment.output.ModelSummary;
import org.perturba.experiment.output.Prediction;
import org.perturba.experiment.output.AttackedSubject;

/**
 * A dataset's subjects joined with an experiment's results: the age each model predicted for a
 * test subject and the age shift one attack run caused. Plain Java; the Dataset view only shows it.
 * A subject a model never saw (not in the test split) or the run did not attack gets a blank cell.
 */
public final class SubjectResults {
    private final List<String> models = new ArrayList<>();
    private final Map<String, Map<String, Double>> predicted = new HashMap<>();
    private final Optional<AttackSummary> run;
    private final Map<String, Double> shifts = new HashMap<>();

    /**
     * @param models the experiment's models, one column each, in this order
     * @param predictions the test predictions ({@code predictions.csv})
     * @param outcomes every attacked subject of every run ({@code attacks.csv})
     * @param run the attack run whose shifts to show, if one is selected
     */
    public SubjectResults(List<ModelSummary> models, List<Prediction> predictions, List<AttackedSubject> outcomes,
            Optional<AttackSummary> run) {
        models.forEach(model -> this.models.add(model.id()));
        for (Prediction prediction : predictions) {
            if (!this.models.contains(prediction.model())) {
                this.models.add(prediction.model());
            }
            predicted.computeIfAbsent(prediction.model(), id -> new HashMap<>()).put(prediction.subject(), prediction.predictedAge());
        }
        this.run = run;
        run.ifPresent(cell -> outcomes.stream().filter(outcome -> outcome.belongsTo(cell))
                .forEach(outcome -> shifts.putIfAbsent(outcome.subject(), outcome.shift())));
    }

    /** No experiment: no extra columns. */
    public static SubjectResults none() {
        return new SubjectResults(List.of(), List.of(), List.of(), Optional.empty());
    }

    /** The extra column titles: one per model ("predicted (MODEL)"), then the shift of the selected run, if any. */
    public List<String> columns() {
        List<String> columns = new ArrayList<>();
        models.forEach(model -> columns.add("predicted (" + model + ")"));
        run.ifPresent(cell -> columns.add("shift (" + label(cell) + ")"));
        return columns;
    }

    /** A subject's extra cells, in {@link #columns()} order; blank where there is no value. */
    public List<String> cells(String subject) {
        List<String> cells = new ArrayList<>();
        for (String model : models) {
            Double age = predicted.getOrDefault(model, Map.of()).get(subject);
            cells.add(age == null ? "" : String.format(Locale.ROOT, "%.1f", age));
        }
        if (run.isPresent()) {
            Double shift = shifts.get(subject);
            cells.add(shift == null ? "" : String.format(Locale.ROOT, "%+.2f", shift));
        }
        return cells;
    }

    /** A run as the shift column names it, e.g. {@code cnn · fgsm · up · ε 0.02}. */
    public static String label(AttackSummary cell) {
        return cell.seriesName() + " · ε " + BigDecimal.valueOf(cell.epsilon()).stripTrailingZeros().toPlainString();
    }
}

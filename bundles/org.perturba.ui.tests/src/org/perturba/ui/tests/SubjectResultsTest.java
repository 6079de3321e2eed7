package org.perturba.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.perturba.experiment.output.AttackSummary;
import org.perturba.experiment.output.AttackedSubject;
import org.perturba.experiment.output.ModelSummary;
import org.perturba.experiment.output.Prediction;
import org.perturba.experiment.stats.Interval;
import org.perturba.ui.datasets.SubjectResults;

/** Subjects join with each model's prediction and the selected run's shift; missing values are blank. */
class SubjectResultsTest {
    private static final List<ModelSummary> MODELS = List.of(
            new ModelSummary("cnn", "conventional", Optional.empty(), Optional.empty(), Optional.empty(), 2, 5.0, 6.0, 0.9, -0.1, 40, Map.of(),
                    Interval.UNDEFINED),
            new ModelSummary("hyb", "hybrid", Optional.of("volumes"), Optional.of("image"), Optional.of("seg"), 1, 6.0, 7.0, 0.8, -0.2, 8, Map.of(),
                    Interval.UNDEFINED));
    private static final List<Prediction> PREDICTIONS = List.of(new Prediction("cnn", "sub-01", 30, 33.25),
            new Prediction("cnn", "sub-02", 50, 47.0), new Prediction("hyb", "sub-01", 30, 31.0));
    private static final List<AttackedSubject> OUTCOMES = List.of(
            subject("cnn", Optional.empty(), 0.02, 33.25, 41.5, 8.25),
            subject("cnn", Optional.empty(), 0.01, 33.25, 36.25, 3.0),
            subject("hyb", Optional.of("cnn"), 0.02, 31.0, 30.0, -1.0));

    private static AttackedSubject subject(String model, Optional<String> craftedOn, double epsilon, double clean, double adversarial,
            double shift) {
        return new AttackedSubject(model, craftedOn, "fgsm", "image-only", "up", epsilon, "sub-01", 30, clean, adversarial, shift,
                epsilon, 1, 40, 0.99, 46, 0.999, 0.5, AttackSummary.keyOf(Map.of()), "");
    }

    private static AttackSummary run(String model, Optional<String> craftedOn, double epsilon) {
        return new AttackSummary(model, craftedOn, "fgsm", Map.of(), "image-only", epsilon, "up", Optional.empty(), 1, 1, 1, 0, 40,
                0.99, 46, 0.999, 0.5, epsilon, Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Double.NaN, Interval.UNDEFINED, Interval.UNDEFINED);
    }

    @Test
    void addsAPredictedColumnPerModelAndTheSelectedRunsShift() {
        SubjectResults results = new SubjectResults(MODELS, PREDICTIONS, OUTCOMES, Optional.of(run("cnn", Optional.empty(), 0.02)));
        assertEquals(List.of("predicted (cnn)", "predicted (hyb)", "shift (cnn · fgsm · up · ε 0.02)"), results.columns());
        assertEquals(List.of("33.3", "31.0", "+8.25"), results.cells("sub-01"));
        assertEquals(List.of("47.0", "", ""), results.cells("sub-02"), "not in hyb's test split, not attacked");
        assertEquals(List.of("", "", ""), results.cells("sub-03"), "a training subject");
    }

    @Test
    void anotherRunShowsItsOwnShiftsAndATransferIsNotItsTarget() {
        SubjectResults weak = new SubjectResults(MODELS, PREDICTIONS, OUTCOMES, Optional.of(run("cnn", Optional.empty(), 0.01)));
        assertEquals("+3.00", weak.cells("sub-01").get(2));
        SubjectResults transfer = new SubjectResults(MODELS, PREDICTIONS, OUTCOMES, Optional.of(run("hyb", Optional.of("cnn"), 0.02)));
        assertEquals("shift (hyb (from cnn) · fgsm · up · ε 0.02)", transfer.columns().get(2));
        assertEquals("-1.00", transfer.cells("sub-01").get(2));
        SubjectResults noRun = new SubjectResults(MODELS, PREDICTIONS, OUTCOMES, Optional.empty());
        assertEquals(List.of("predicted (cnn)", "predicted (hyb)"), noRun.columns());
        assertEquals(List.of(), SubjectResults.none().columns());
    }
}

package org.perturba.experiment.run;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.perturba.experiment.stats.Bootstrap;
import org.perturba.experiment.stats.Interval;
import org.perturba.model.training.Evaluation;

/**
 * The 95 % intervals over subjects of a cell's and a model's headline numbers: the mean |shift|,
 * the fraction moved by more than some years, the ratio of two models' mean |shift| on the same
 * subjects, and the test MAE.
 */
final class CellIntervals {
    private CellIntervals() {
    }

    static Interval meanAbsoluteShift(CellResult cell, Bootstrap bootstrap) {
        return bootstrap.mean(cell.subjects().stream().mapToDouble(outcome -> Math.abs(outcome.shift())).toArray());
    }

    static Interval fractionShiftedOver(CellResult cell, double years, Bootstrap bootstrap) {
        boolean[] moved = new boolean[cell.subjects().size()];
        for (int i = 0; i < moved.length; i++) {
            moved[i] = Math.abs(cell.subjects().get(i).shift()) > years;
        }
        return bootstrap.fraction(moved);
    }

    /**
     * {@code mean |shift| on top / mean |shift| on bottom}, paired: a resample draws subjects and
     * takes each one's shift on both cells, over the subjects both cells attacked.
     */
    static Interval shiftRatio(CellResult top, CellResult bottom, Bootstrap bootstrap) {
        Map<String, SubjectOutcome> below = bottom.subjects().stream().collect(Collectors.toMap(SubjectOutcome::subject,
                Function.identity(), (first, second) -> first));
        List<SubjectOutcome> paired = top.subjects().stream().filter(outcome -> below.containsKey(outcome.subject())).toList();
        double[] numerator = paired.stream().mapToDouble(outcome -> Math.abs(outcome.shift())).toArray();
        double[] denominator = paired.stream().mapToDouble(outcome -> Math.abs(below.get(outcome.subject()).shift())).toArray();
        return bootstrap.ratioOfMeans(numerator, denominator);
    }

    static Interval meanAbsoluteError(Evaluation test, Bootstrap bootstrap) {
        return bootstrap.mean(test.predictions().stream().mapToDouble(prediction -> Math.abs(prediction.gap()))
                .toArray());
    }
}

package org.perturba.experiment.run;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.perturba.experiment.stats.Bootstrap;
import org.perturba.experiment.stats.Interval;
import org.perturba.model.training.Evaluation;

/**
 * The 95 % intervals of a cell's and a model's headline numbers (the mean |shift|, the fraction moved
 * by more than some years, the test MAE) over its subjects, or over seeds and their subjects when it
 * was run with several; and the pairs of subjects a paired interval of two cells' ratio draws.
 */
final class CellIntervals {
    private CellIntervals() {
    }

    static Interval meanAbsoluteShift(CellResult cell, Bootstrap bootstrap) {
        return meanAbsoluteShift(List.of(cell), bootstrap);
    }

    /** @param seeds the same cell as each seed ran it */
    static Interval meanAbsoluteShift(List<CellResult> seeds, Bootstrap bootstrap) {
        return bootstrap.mean(seeds.stream().map(cell -> cell.subjects().stream().mapToDouble(outcome -> Math.abs(outcome.shift()))
                .toArray()).toList());
    }

    static Interval fractionShiftedOver(CellResult cell, double years, Bootstrap bootstrap) {
        return fractionShiftedOver(List.of(cell), years, bootstrap);
    }

    static Interval fractionShiftedOver(List<CellResult> seeds, double years, Bootstrap bootstrap) {
        return bootstrap.mean(seeds.stream().map(cell -> cell.subjects().stream()
                .mapToDouble(outcome -> Math.abs(outcome.shift()) > years ? 1 : 0).toArray()).toList());
    }

    static Interval meanAbsoluteError(Evaluation test, Bootstrap bootstrap) {
        return meanAbsoluteError(List.of(test), bootstrap);
    }

    /** @param seeds the same model's test evaluation in each seed */
    static Interval meanAbsoluteError(List<Evaluation> seeds, Bootstrap bootstrap) {
        return bootstrap.mean(seeds.stream().map(test -> test.predictions().stream().mapToDouble(prediction -> Math.abs(prediction.gap()))
                .toArray()).toList());
    }

    /**
     * The |shift| of each subject both cells attacked, on {@code top} (first row) and on {@code bottom}
     * (second row), in {@code top}'s order: the pairs a paired bootstrap of their ratio draws.
     */
    static double[][] pairedAbsoluteShifts(CellResult top, CellResult bottom) {
        Map<String, SubjectOutcome> below = bottom.subjects().stream().collect(Collectors.toMap(SubjectOutcome::subject,
                Function.identity(), (first, second) -> first));
        List<SubjectOutcome> paired = top.subjects().stream().filter(outcome -> below.containsKey(outcome.subject())).toList();
        return new double[][] { paired.stream().mapToDouble(outcome -> Math.abs(outcome.shift())).toArray(),
                paired.stream().mapToDouble(outcome -> Math.abs(below.get(outcome.subject()).shift())).toArray() };
    }
}

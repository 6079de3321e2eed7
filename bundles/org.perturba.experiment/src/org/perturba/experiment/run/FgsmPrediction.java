package org.perturba.experiment.run;

import java.util.ArrayList;
import java.util.List;

/**
 * How well the first-order bound {@code epsilon * ||grad||_1} predicts what FGSM did to a model, over
 * the subjects of one FGSM cell: FGSM takes the bound's sign step, so a ratio near 1 means the model
 * is near linear over the budget, a ratio well below 1 that it bends (or that clamping to [0, 1]
 * cancels part of the step), and the correlation says whether the steepest subjects moved most.
 *
 * @param subjects the cell's subjects with a measured gradient
 * @param meanPredicted mean of {@code epsilon * ||grad||_1}, years
 * @param meanActual mean |shift| of the same subjects, years
 * @param ratio {@code meanActual / meanPredicted}: the least-squares slope of the actual on the predicted
 *        shift through the origin would weight large gradients more; the ratio weighs each subject alike
 * @param pearsonR the correlation of predicted with actual shift over the subjects; NaN for fewer than two
 *        or no spread
 */
public record FgsmPrediction(CellResult cell, int subjects, double meanPredicted, double meanActual, double ratio, double pearsonR) {

    public static FgsmPrediction of(CellResult cell, GradientNorms norms) {
        List<double[]> pairs = new ArrayList<>();
        for (SubjectOutcome outcome : cell.subjects()) {
            Double l1 = norms.l1BySubject().get(outcome.subject());
            if (l1 != null) {
                pairs.add(new double[] { cell.epsilon() * l1, Math.abs(outcome.shift()) });
            }
        }
        double predicted = pairs.stream().mapToDouble(pair -> pair[0]).average().orElse(Double.NaN);
        double actual = pairs.stream().mapToDouble(pair -> pair[1]).average().orElse(Double.NaN);
        double xx = 0;
        double yy = 0;
        double xy = 0;
        for (double[] pair : pairs) {
            xx += (pair[0] - predicted) * (pair[0] - predicted);
            yy += (pair[1] - actual) * (pair[1] - actual);
            xy += (pair[0] - predicted) * (pair[1] - actual);
        }
        double r = pairs.size() > 1 && xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : Double.NaN;
        return new FgsmPrediction(cell, pairs.size(), predicted, actual, actual / predicted, r);
    }
}

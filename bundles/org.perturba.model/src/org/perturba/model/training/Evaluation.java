package org.perturba.model.training;

import java.util.ArrayList;
import java.util.List;

import org.perturba.model.BrainAgeModel;

/**
 * How well a model predicts age on a set of subjects: mean absolute error, root mean squared
 * error, Pearson correlation, and the brain-age-gap bias (the slope of predicted − true age against
 * true age; regression to the mean makes it negative), with the prediction for every subject.
 */
public record Evaluation(int subjects, double mae, double rmse, double pearson, double gapSlope,
        List<Prediction> predictions) {
    private static final int BATCH = 16;

    /** One subject's prediction; {@code gap} is predicted minus true age. */
    public record Prediction(String id, double age, double predicted) {
        public double gap() {
            return predicted - age;
        }
    }

    public static Evaluation of(BrainAgeModel model, List<PreparedSubject> subjects) {
        List<Prediction> predictions = new ArrayList<>(subjects.size());
        for (int start = 0; start < subjects.size(); start += BATCH) {
            List<PreparedSubject> batch = subjects.subList(start, Math.min(subjects.size(), start + BATCH));
            double[] predicted = model.predictAges(Batches.of(batch, model.metadata()));
            for (int i = 0; i < batch.size(); i++) {
                predictions.add(new Prediction(batch.get(i).id(), batch.get(i).age(), predicted[i]));
            }
        }
        return of(predictions);
    }

    public static Evaluation of(List<Prediction> predictions) {
        int n = predictions.size();
        if (n == 0) {
            throw new IllegalArgumentException("no subjects to evaluate");
        }
        double absolute = 0;
        double squared = 0;
        double meanAge = 0;
        double meanPredicted = 0;
        for (Prediction p : predictions) {
            absolute += Math.abs(p.gap());
            squared += p.gap() * p.gap();
            meanAge += p.age() / n;
            meanPredicted += p.predicted() / n;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        double sxg = 0;
        for (Prediction p : predictions) {
            double dx = p.age() - meanAge;
            double dy = p.predicted() - meanPredicted;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
            sxg += dx * (dy - dx);
        }
        double pearson = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Double.NaN;
        double slope = sxx > 0 ? sxg / sxx : Double.NaN;
        return new Evaluation(n, absolute / n, Math.sqrt(squared / n), pearson, slope, List.copyOf(predictions));
    }
}

package org.perturba.experiment.output;

/** One test subject's true and predicted age under one model, a row of {@code predictions.csv}. */
public record Prediction(String model, String subject, double age, double predictedAge) {
}

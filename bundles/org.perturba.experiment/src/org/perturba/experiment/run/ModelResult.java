package org.perturba.experiment.run;

/** A model of a finished run and its accuracy on the test split. */
public record ModelResult(String id, String kind, double maeYears) {
}

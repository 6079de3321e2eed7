package org.perturba.experiment.output;

import java.util.Optional;

/**
 * One model of a finished run as {@code summary.json} lists it.
 *
 * @param maeYears the test split's mean absolute error; NaN when the summary holds none
 */
public record ModelSummary(String id, String kind, Optional<String> context, int testSubjects, double maeYears) {
}

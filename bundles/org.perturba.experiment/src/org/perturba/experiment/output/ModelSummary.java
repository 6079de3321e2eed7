package org.perturba.experiment.output;

import java.util.Optional;

/**
 * One model of a finished run as {@code summary.json} lists it, with its accuracy on the test split;
 * an accuracy the run could not compute is NaN (null in the file).
 *
 * @param context the context extractor of a hybrid model
 */
public record ModelSummary(String id, String kind, Optional<String> context, int testSubjects, double maeYears,
        double rmseYears, double pearsonR, double gapSlope) {
}

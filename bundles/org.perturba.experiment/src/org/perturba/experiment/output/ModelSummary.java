package org.perturba.experiment.output;

import java.util.Optional;

import org.perturba.experiment.stats.Interval;

/**
 * One model of a finished run as {@code summary.json} lists it, with its accuracy on the test split;
 * an accuracy the run could not compute is NaN (null in the file).
 *
 * @param context the context extractor of a hybrid model
 * @param contextSource what that extractor reads: {@code image} (what a deployed pipeline has) or
 *        {@code ground-truth-labels} (the dataset's label maps: an upper bound, an oracle on generated cohorts)
 * @param segmenter the experiment's segmenter the context is measured through, when it is
 * @param maeYearsCi95 the bootstrap 95 % interval over test subjects of {@code maeYears}
 */
public record ModelSummary(String id, String kind, Optional<String> context, Optional<String> contextSource,
        Optional<String> segmenter, int testSubjects, double maeYears,
        double rmseYears, double pearsonR, double gapSlope, Interval maeYearsCi95) {
}

package org.perturba.experiment.output;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * @param gradientL1Mean the mean over the attacked subjects of {@code ||d age / d image||_1} inside the brain
 *        mask at the clean image (years per unit of normalised intensity; epsilon times it bounds, to first
 *        order, an L-infinity attack's shift); NaN when the run could not differentiate the model
 * @param gradientL1Quantiles the same norms' quantiles, by name ({@code p05} … {@code p95})
 * @param maeYearsCi95 the bootstrap 95 % interval over test subjects of {@code maeYears}
 */
public record ModelSummary(String id, String kind, Optional<String> context, Optional<String> contextSource,
        Optional<String> segmenter, int testSubjects, double maeYears,
        double rmseYears, double pearsonR, double gapSlope, double gradientL1Mean, Map<String, Double> gradientL1Quantiles,
        Interval maeYearsCi95) {

    public ModelSummary {
        gradientL1Quantiles = Collections.unmodifiableMap(new LinkedHashMap<>(gradientL1Quantiles));
    }
}

package org.perturba.experiment.output;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.perturba.experiment.stats.Criterion;
import org.perturba.experiment.stats.Interval;
import org.perturba.experiment.stats.Verdict;

/**
 * One of the study's claims, checked against a run's numbers, as {@code summary.json} lists it.
 *
 * @param claim what the paper (or the target) says
 * @param verdict what the run's 95 % intervals say of it; {@link Verdict#NOT_MEASURED} when the run
 *        lacks what it needs (e.g. it had no hybrid model)
 * @param interval the 95 % interval of the quantity that decided the verdict; undefined when not measured
 * @param threshold the project's threshold that interval was held against; NaN when not measured
 * @param evidence the numbers behind the verdict
 * @param worstThreatModel for a claim judged on the worst case over threat models: the one that
 *        decided it
 * @param ratioByThreatModel for such a claim: the measured ratio under each threat model that was
 *        run, sorted by threat model; empty for other claims
 */
public record FindingSummary(String id, String claim, Verdict verdict, Interval interval, double threshold, String evidence,
        Optional<String> worstThreatModel, Map<String, Double> ratioByThreatModel) {

    public FindingSummary {
        ratioByThreatModel = Collections.unmodifiableMap(new TreeMap<>(ratioByThreatModel));
    }

    /** A claim judged on the condition that decided it, not per threat model. */
    public static FindingSummary judged(String id, String claim, Criterion deciding, String evidence) {
        return new FindingSummary(id, claim, deciding.verdict(), deciding.interval(), deciding.threshold(), evidence, Optional.empty(),
                Map.of());
    }

    /** A claim the run could not check; the evidence says what was missing. */
    public static FindingSummary notMeasured(String id, String claim, String evidence) {
        return new FindingSummary(id, claim, Verdict.NOT_MEASURED, Interval.UNDEFINED, Double.NaN, evidence, Optional.empty(), Map.of());
    }
}

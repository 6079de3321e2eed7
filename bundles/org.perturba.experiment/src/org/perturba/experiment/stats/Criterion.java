package org.perturba.experiment.stats;

import java.util.Comparator;
import java.util.List;

/**
 * One condition of a claim (e.g. "mean |shift| at least 10 years"), judged on its interval. A claim
 * with several conditions (every direction, every threat model, shift and PSNR) is reproduced only
 * when all are, not reproduced as soon as one is not, and otherwise inconclusive.
 *
 * @param what a few words naming the quantity, for the evidence
 * @param atLeast whether the claim needs the quantity at least (else at most) the threshold
 */
public record Criterion(String what, Interval interval, double threshold, boolean atLeast) {

    public Verdict verdict() {
        return Verdict.judge(interval, threshold, atLeast);
    }

    /**
     * The condition that decides a claim made of all of {@code criteria}: the first not reproduced,
     * else the first inconclusive, else the first; its verdict is the claim's.
     */
    public static Criterion deciding(List<Criterion> criteria) {
        return criteria.stream().min(Comparator.comparingInt(criterion -> switch (criterion.verdict()) {
            case NOT_REPRODUCED -> 0;
            case INCONCLUSIVE, NOT_MEASURED -> 1;
            case REPRODUCED -> 2;
        })).orElseThrow(() -> new IllegalArgumentException("a claim needs at least one criterion"));
    }
}

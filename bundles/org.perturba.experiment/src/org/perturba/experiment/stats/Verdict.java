package org.perturba.experiment.stats;

import java.util.Arrays;

/**
 * How a run's numbers bear on a claim, judged on a 95 % interval rather than a point estimate: a
 * claim is reproduced only when the whole interval lies on its side of the threshold, not
 * reproduced when the whole interval lies on the other side, and inconclusive when the interval
 * straddles the threshold (the data cannot tell). A claim the run lacks the cells for is not measured.
 */
public enum Verdict {
    REPRODUCED("reproduced"), NOT_REPRODUCED("not-reproduced"), INCONCLUSIVE("inconclusive"), NOT_MEASURED("not-measured");

    private final String id;

    Verdict(String id) {
        this.id = id;
    }

    /** The name {@code summary.json} uses. */
    public String id() {
        return id;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static Verdict of(String id) {
        return Arrays.stream(values()).filter(verdict -> verdict.id.equals(id)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("expected one of reproduced, not-reproduced, inconclusive, not-measured, got '" + id + "'"));
    }

    /**
     * @param atLeast whether the claim says the quantity is at least the threshold (else at most)
     */
    public static Verdict judge(Interval interval, double threshold, boolean atLeast) {
        if (!interval.defined()) {
            return INCONCLUSIVE;
        }
        double near = atLeast ? interval.lo() : interval.hi();
        double far = atLeast ? interval.hi() : interval.lo();
        if (atLeast ? near >= threshold : near <= threshold) {
            return REPRODUCED;
        }
        return (atLeast ? far < threshold : far > threshold) ? NOT_REPRODUCED : INCONCLUSIVE;
    }
}

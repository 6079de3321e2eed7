package org.perturba.experiment.stats;

import java.util.Locale;

/**
 * A confidence interval {@code [lo, hi]}; {@link #UNDEFINED} (both ends NaN) when there was nothing
 * to resample. {@code summary.json} writes it as {@code [lo, hi]}, or null when undefined.
 */
public record Interval(double lo, double hi) {
    public static final Interval UNDEFINED = new Interval(Double.NaN, Double.NaN);

    public Interval {
        if (lo > hi) {
            throw new IllegalArgumentException("interval ends out of order: " + lo + " > " + hi);
        }
    }

    public boolean defined() {
        return !Double.isNaN(lo) && !Double.isNaN(hi);
    }

    /** The same interval with both ends rounded to {@code decimals} places, as the summary stores numbers. */
    public Interval rounded(int decimals) {
        double scale = Math.pow(10, decimals);
        return defined() ? new Interval(Math.round(lo * scale) / scale, Math.round(hi * scale) / scale) : this;
    }

    /** {@code [lo, hi]} with the given format for each end, e.g. {@code %.1f}; {@code [–]} when undefined. */
    public String format(String end) {
        return defined() ? "[" + String.format(Locale.ROOT, end, lo) + ", " + String.format(Locale.ROOT, end, hi) + "]" : "[–]";
    }
}

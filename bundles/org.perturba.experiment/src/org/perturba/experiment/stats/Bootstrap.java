package org.perturba.experiment.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap 95 % confidence intervals over subjects: {@value #RESAMPLES} resamples with
 * replacement, the 2.5th and 97.5th percentiles of the statistic. Every statistic here is a ratio
 * of sums over subjects (a mean is {@code Σx / Σ1}, a fraction the mean of 0/1 values, a ratio of
 * paired means {@code Σa / Σb} on the same resampled subjects), so one resampling loop serves all.
 * Each interval draws from a fresh generator seeded with the bootstrap's seed: the same data give
 * the same interval in every run and in any order of calls, so reports are reproducible.
 */
public final class Bootstrap {
    public static final int RESAMPLES = 2000;
    private static final double ALPHA = 0.05;
    /** Keeps the bootstrap's stream apart from whatever else the experiment seed drives. */
    private static final long SALT = 0x5DEECE66DL;

    private final long seed;

    private Bootstrap(long seed) {
        this.seed = seed;
    }

    /** The bootstrap of a run with this experiment seed. */
    public static Bootstrap forSeed(long experimentSeed) {
        return new Bootstrap(experimentSeed ^ SALT);
    }

    public Interval mean(double[] values) {
        return ratioOfMeans(values, ones(values.length));
    }

    /** The interval of the fraction of {@code hits} that are true. */
    public Interval fraction(boolean[] hits) {
        double[] values = new double[hits.length];
        for (int i = 0; i < hits.length; i++) {
            values[i] = hits[i] ? 1 : 0;
        }
        return mean(values);
    }

    /**
     * The interval of {@code mean(numerator) / mean(denominator)} for paired values (entry i of both
     * belongs to subject i): each resample draws subjects, keeping their pairs.
     */
    public Interval ratioOfMeans(double[] numerator, double[] denominator) {
        if (numerator.length != denominator.length) {
            throw new IllegalArgumentException("paired values of different lengths: " + numerator.length + " and " + denominator.length);
        }
        int n = numerator.length;
        if (n == 0) {
            return Interval.UNDEFINED;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] statistics = new double[RESAMPLES];
        for (int b = 0; b < RESAMPLES; b++) {
            double top = 0;
            double bottom = 0;
            for (int i = 0; i < n; i++) {
                int pick = random.nextInt(n);
                top += numerator[pick];
                bottom += denominator[pick];
            }
            statistics[b] = top / bottom;
        }
        Arrays.sort(statistics); // NaN (0 / 0) sorts last and makes an end undefined, as it should
        return new Interval(percentile(statistics, ALPHA / 2), percentile(statistics, 1 - ALPHA / 2));
    }

    /** Linear interpolation between order statistics (R's type 7). */
    private static double percentile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int below = (int) Math.floor(h);
        int above = Math.min(below + 1, sorted.length - 1);
        double lower = sorted[below];
        double upper = sorted[above];
        return lower == upper ? lower : lower + (h - below) * (upper - lower);
    }

    private static double[] ones(int n) {
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        return ones;
    }
}

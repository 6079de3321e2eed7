package org.perturba.experiment.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap 95 % confidence intervals over subjects: {@value #RESAMPLES} resamples with
 * replacement, the 2.5th and 97.5th percentiles of the statistic. Every statistic here is a ratio
 * of sums over subjects (a mean is {@code Σx / Σ1}, a fraction the mean of 0/1 values, a ratio of
 * paired means {@code Σa / Σb} on the same resampled subjects), so one resampling loop serves all.
 * With several seeds the bootstrap has two levels, seeds then subjects ({@link #ratioOfMeans(List, List)}).
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
        return mean(List.of(values));
    }

    /** The interval of the fraction of {@code hits} that are true. */
    public Interval fraction(boolean[] hits) {
        return mean(indicators(hits));
    }

    /**
     * The interval of {@code mean(numerator) / mean(denominator)} for paired values (entry i of both
     * belongs to subject i): each resample draws subjects, keeping their pairs.
     */
    public Interval ratioOfMeans(double[] numerator, double[] denominator) {
        return ratioOfMeans(List.of(numerator), List.of(denominator));
    }

    /** The two-level interval of the mean over seeds of each seed's mean; see {@link #ratioOfMeans(List, List)}. */
    public Interval mean(List<double[]> seeds) {
        return ratioOfMeans(seeds, seeds.stream().map(values -> ones(values.length)).toList());
    }

    /**
     * A two-level bootstrap over seeds, then subjects: each resample draws as many seeds as there are
     * with replacement, then each drawn seed's subjects with replacement (pairs kept), and averages the
     * drawn seeds' ratios of means. So the interval holds both the spread between seeds (split,
     * training, attack starts) and the sampling of subjects within one; with one seed it is the
     * plain bootstrap over subjects. Seeds without subjects are left out; the interval is undefined
     * when there are none, or when some resample's denominators sum to zero.
     *
     * @param numerators per seed, each subject's numerator
     * @param denominators per seed, the same subjects' denominators
     */
    public Interval ratioOfMeans(List<double[]> numerators, List<double[]> denominators) {
        if (numerators.size() != denominators.size()) {
            throw new IllegalArgumentException("paired values of different seeds: " + numerators.size() + " and " + denominators.size());
        }
        List<double[][]> seeds = new ArrayList<>();
        for (int s = 0; s < numerators.size(); s++) {
            if (numerators.get(s).length != denominators.get(s).length) {
                throw new IllegalArgumentException("paired values of different lengths: " + numerators.get(s).length + " and "
                        + denominators.get(s).length);
            }
            if (numerators.get(s).length > 0) {
                seeds.add(new double[][] { numerators.get(s), denominators.get(s) });
            }
        }
        if (seeds.isEmpty()) {
            return Interval.UNDEFINED;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] statistics = new double[RESAMPLES];
        for (int b = 0; b < RESAMPLES; b++) {
            double sum = 0;
            for (int s = 0; s < seeds.size(); s++) {
                double[][] drawn = seeds.get(random.nextInt(seeds.size()));
                int n = drawn[0].length;
                double top = 0;
                double bottom = 0;
                for (int i = 0; i < n; i++) {
                    int pick = random.nextInt(n);
                    top += drawn[0][pick];
                    bottom += drawn[1][pick];
                }
                sum += top / bottom;
            }
            statistics[b] = sum / seeds.size();
        }
        if (!Arrays.stream(statistics).allMatch(Double::isFinite)) {
            return Interval.UNDEFINED; // a denominator resampled to zero: the ratio has no interval to give
        }
        Arrays.sort(statistics);
        return new Interval(percentile(statistics, ALPHA / 2), percentile(statistics, 1 - ALPHA / 2));
    }

    /** The estimate the two-level intervals are around: the mean over seeds of each seed's ratio of means. */
    public static double ratioOfMeansOverSeeds(List<double[]> numerators, List<double[]> denominators) {
        double sum = 0;
        int seeds = 0;
        for (int s = 0; s < numerators.size(); s++) {
            if (numerators.get(s).length > 0) {
                sum += Arrays.stream(numerators.get(s)).sum() / Arrays.stream(denominators.get(s)).sum();
                seeds++;
            }
        }
        return seeds == 0 ? Double.NaN : sum / seeds;
    }

    /** The mean over seeds of each seed's mean. */
    public static double meanOverSeeds(List<double[]> seeds) {
        return ratioOfMeansOverSeeds(seeds, seeds.stream().map(values -> ones(values.length)).toList());
    }

    private static double[] indicators(boolean[] hits) {
        double[] values = new double[hits.length];
        for (int i = 0; i < hits.length; i++) {
            values[i] = hits[i] ? 1 : 0;
        }
        return values;
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

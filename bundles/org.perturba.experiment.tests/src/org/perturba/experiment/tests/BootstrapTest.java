package org.perturba.experiment.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.perturba.experiment.stats.Bootstrap;
import org.perturba.experiment.stats.Criterion;
import org.perturba.experiment.stats.Interval;
import org.perturba.experiment.stats.Verdict;

/** The bootstrap's intervals agree with the closed forms on synthetic data, and verdicts follow the intervals. */
class BootstrapTest {
    private static final Bootstrap BOOTSTRAP = Bootstrap.forSeed(42);

    @Test
    void theIntervalOfAMeanIsCloseToTheNormalOne() {
        double[] values = normal(400, 30, 8, 7);
        double mean = Arrays.stream(values).average().orElseThrow();
        double halfWidth = 1.96 * standardDeviation(values) / Math.sqrt(values.length);
        Interval interval = BOOTSTRAP.mean(values);
        // 2000 resamples put each percentile within a few percent of the half-width
        assertEquals(mean - halfWidth, interval.lo(), 0.08 * halfWidth, interval.toString());
        assertEquals(mean + halfWidth, interval.hi(), 0.08 * halfWidth, interval.toString());
    }

    @Test
    void theIntervalOfAFractionIsCloseToTheWaldOne() {
        boolean[] hits = new boolean[200];
        for (int i = 0; i < hits.length; i++) {
            hits[i] = i % 10 < 3; // 30 %
        }
        double halfWidth = 1.96 * Math.sqrt(0.3 * 0.7 / hits.length);
        Interval interval = BOOTSTRAP.fraction(hits);
        assertEquals(0.3 - halfWidth, interval.lo(), 0.01, interval.toString());
        assertEquals(0.3 + halfWidth, interval.hi(), 0.01, interval.toString());
    }

    @Test
    void theIntervalOfAPairedRatioIsCloseToTheDeltaMethodOne() {
        Random random = new Random(3);
        int n = 400;
        double[] bottom = new double[n];
        double[] top = new double[n];
        for (int i = 0; i < n; i++) {
            bottom[i] = 10 + 3 * random.nextGaussian();
            top[i] = 0.4 * bottom[i] + random.nextGaussian();
        }
        double meanTop = Arrays.stream(top).average().orElseThrow();
        double meanBottom = Arrays.stream(bottom).average().orElseThrow();
        double ratio = meanTop / meanBottom;
        double[] residual = new double[n];
        for (int i = 0; i < n; i++) {
            residual[i] = top[i] - ratio * bottom[i];
        }
        double halfWidth = 1.96 * standardDeviation(residual) / (meanBottom * Math.sqrt(n));
        Interval interval = BOOTSTRAP.ratioOfMeans(top, bottom);
        assertEquals(ratio - halfWidth, interval.lo(), 0.1 * halfWidth, interval.toString());
        assertEquals(ratio + halfWidth, interval.hi(), 0.1 * halfWidth, interval.toString());
    }

    @Test
    void constantDataHaveAnIntervalOfNoWidth() {
        double[] values = new double[45];
        Arrays.fill(values, 7.25);
        assertEquals(new Interval(7.25, 7.25), BOOTSTRAP.mean(values));
        assertEquals(new Interval(1, 1), BOOTSTRAP.fraction(new boolean[] { true, true, true }));
        assertFalse(BOOTSTRAP.mean(new double[0]).defined(), "nothing to resample");
        assertFalse(BOOTSTRAP.ratioOfMeans(new double[] { 1, 1 }, new double[] { 0, 1 }).defined(),
                "a resample of the one subject whose denominator is zero has no ratio (JSON has no infinity)");
    }

    @Test
    void theSameSeedAndDataGiveTheSameIntervalAndAnotherSeedAnother() {
        double[] values = normal(45, 50, 10, 11);
        assertEquals(Bootstrap.forSeed(42).mean(values), BOOTSTRAP.mean(values));
        BOOTSTRAP.mean(normal(10, 0, 1, 1)); // an interval does not depend on which were drawn before
        assertEquals(Bootstrap.forSeed(42).mean(values), BOOTSTRAP.mean(values));
        assertNotEquals(Bootstrap.forSeed(43).mean(values), BOOTSTRAP.mean(values));
        assertThrows(IllegalArgumentException.class, () -> BOOTSTRAP.ratioOfMeans(new double[2], new double[3]));
    }

    @Test
    void withSeveralSeedsTheIntervalHoldsTheSpreadBetweenSeeds() {
        // within each seed every subject agrees, but the seeds disagree (1 vs 3 years): the seeds' draws
        // {1,1}, {1,3}, {3,3} make the mean 1, 2 or 3, so the interval spans the seeds, not a pooled mean's 2 +- 0
        double[] low = new double[20];
        double[] high = new double[20];
        Arrays.fill(low, 1);
        Arrays.fill(high, 3);
        assertEquals(new Interval(1, 3), BOOTSTRAP.mean(List.of(low, high)));
        assertEquals(2, Bootstrap.meanOverSeeds(List.of(low, high)), 1e-12);
        assertEquals(BOOTSTRAP.mean(low), BOOTSTRAP.mean(List.of(low)), "one seed: the bootstrap over subjects");
        // seeds alike: the two-level interval is close to the pooled one of all subjects
        double[] first = normal(200, 10, 4, 21);
        double[] second = normal(200, 10, 4, 22);
        double[] pooled = new double[400];
        System.arraycopy(first, 0, pooled, 0, 200);
        System.arraycopy(second, 0, pooled, 200, 200);
        Interval twoLevel = BOOTSTRAP.mean(List.of(first, second));
        Interval plain = BOOTSTRAP.mean(pooled);
        double width = plain.hi() - plain.lo();
        assertTrue(twoLevel.hi() - twoLevel.lo() >= 0.8 * width && twoLevel.hi() - twoLevel.lo() < 2.5 * width, twoLevel + " vs " + plain);
    }

    @Test
    void aVerdictNeedsTheWholeIntervalOnOneSide() {
        assertEquals(Verdict.REPRODUCED, Verdict.judge(new Interval(10, 12), 10, true));
        assertEquals(Verdict.NOT_REPRODUCED, Verdict.judge(new Interval(8, 9.9), 10, true));
        assertEquals(Verdict.INCONCLUSIVE, Verdict.judge(new Interval(9, 11), 10, true));
        assertEquals(Verdict.REPRODUCED, Verdict.judge(new Interval(0.2, 0.5), 0.5, false), "at most the threshold");
        assertEquals(Verdict.NOT_REPRODUCED, Verdict.judge(new Interval(0.51, 0.9), 0.5, false));
        assertEquals(Verdict.INCONCLUSIVE, Verdict.judge(new Interval(0.4, 0.6), 0.5, false));
        assertEquals(Verdict.INCONCLUSIVE, Verdict.judge(Interval.UNDEFINED, 0.5, false));
    }

    @Test
    void theWorstConditionDecidesAClaim() {
        Criterion holds = new Criterion("shift", new Interval(11, 12), 10, true);
        Criterion open = new Criterion("psnr", new Interval(39, 41), 40, true);
        Criterion fails = new Criterion("other", new Interval(30, 35), 40, true);
        assertEquals(holds, Criterion.deciding(List.of(holds, holds)));
        assertEquals(open, Criterion.deciding(List.of(holds, open)));
        assertEquals(fails, Criterion.deciding(List.of(open, holds, fails)));
        assertEquals(Verdict.of("not-reproduced"), fails.verdict());
    }

    private static double[] normal(int n, double mean, double sd, long seed) {
        Random random = new Random(seed);
        return random.doubles(n).map(ignored -> mean + sd * random.nextGaussian()).toArray();
    }

    private static double standardDeviation(double[] values) {
        double mean = Arrays.stream(values).average().orElseThrow();
        return Math.sqrt(Arrays.stream(values).map(value -> (value - mean) * (value - mean)).sum() / (values.length - 1));
    }
}

package org.perturba.imaging.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.perturba.imaging.IntensityNormalisation;

/** Percentiles by selection agree exactly with percentiles read from a sorted copy. */
class PercentileTest {

    @Test
    void selectionAgreesWithSortingOnSmoothTiedAndTinyInputs() {
        Random random = new Random(3);
        double[] percents = { 0, 0.5, 2, 50, 98, 99.5, 100 };
        for (int n : new int[] { 1, 2, 3, 31, 33, 100, 10_000, 200_001 }) {
            for (int distinct : new int[] { 1, 2, 256, Integer.MAX_VALUE }) {
                float[] values = new float[n];
                for (int i = 0; i < n; i++) {
                    values[i] = distinct == Integer.MAX_VALUE ? (float) random.nextGaussian()
                            : random.nextInt(distinct) + 1;
                }
                double[] selected = IntensityNormalisation.percentiles(values, false, percents);
                float[] sorted = values.clone();
                Arrays.sort(sorted);
                for (int p = 0; p < percents.length; p++) {
                    double position = percents[p] / 100 * (n - 1);
                    int below = (int) Math.floor(position);
                    int above = Math.min(below + 1, n - 1);
                    double expected = sorted[below] + (position - below) * ((double) sorted[above] - sorted[below]);
                    assertEquals(expected, selected[p], 0, n + " values, " + distinct + " distinct, " + percents[p] + "%");
                }
            }
        }
    }

    @Test
    void sortedAndReversedInputsStayExact() {
        float[] ascending = new float[50_000];
        for (int i = 0; i < ascending.length; i++) {
            ascending[i] = i;
        }
        float[] descending = new float[ascending.length];
        for (int i = 0; i < ascending.length; i++) {
            descending[i] = ascending.length - 1 - i;
        }
        for (float[] values : new float[][] { ascending, descending }) {
            double[] result = IntensityNormalisation.percentiles(values, false, 0.5, 99.5);
            assertEquals(0.005 * (ascending.length - 1), result[0], 1e-9);
            assertEquals(0.995 * (ascending.length - 1), result[1], 1e-9);
        }
    }
}

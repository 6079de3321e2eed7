package org.perturba.imaging;

import java.util.Arrays;

/**
 * Selection of the k-th smallest value in place (quickselect with a three-way partition, so that
 * images with few distinct values, such as uint8 scans, stay linear), falling back to sorting when a
 * range refuses to shrink.
 */
final class OrderStatistics {
    private static final int SMALL = 32;
    private static final int MAX_ROUNDS = 64;

    private OrderStatistics() {
    }

    /**
     * Rearranges {@code values[from, to)} so that {@code values[k]} holds the value a sort would put
     * there, no value before it is larger and no value after it is smaller. Values must not be NaN.
     */
    static void select(float[] values, int from, int to, int k) {
        int low = from;
        int high = to;
        for (int round = 0; high - low > SMALL; round++) {
            if (round == MAX_ROUNDS) {
                break;
            }
            float pivot = medianOfThree(values[low], values[(low + high) >>> 1], values[high - 1]);
            // [low, lt) < pivot, [lt, i) == pivot, [gt, high) > pivot
            int lt = low;
            int i = low;
            int gt = high;
            while (i < gt) {
                float value = values[i];
                if (value < pivot) {
                    values[i++] = values[lt];
                    values[lt++] = value;
                } else if (value > pivot) {
                    values[i] = values[--gt];
                    values[gt] = value;
                } else {
                    i++;
                }
            }
            if (k < lt) {
                high = lt;
            } else if (k >= gt) {
                low = gt;
            } else {
                return;
            }
        }
        Arrays.sort(values, low, high);
    }

    private static float medianOfThree(float a, float b, float c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}

package org.perturba.imaging;

import java.util.Arrays;

/**
 * Maps intensities to [0, 1] by robust percentiles: the low percentile goes to 0, the high one to
 * 1, values beyond are clipped, so that a few hot or dark voxels (vessels, artefacts) do not set
 * the scale. Percentiles are taken over the finite voxels, or over the non-zero ones only when the
 * background is zero (skull-stripped images), and interpolated linearly as numpy's default does.
 * Non-finite voxels become 0.
 *
 * @param lowPercent percentile mapped to 0, in [0, 100)
 * @param highPercent percentile mapped to 1, in (lowPercent, 100]
 * @param foregroundOnly whether zero voxels are left out of the percentiles
 */
public record IntensityNormalisation(double lowPercent, double highPercent, boolean foregroundOnly) {

    /** 0.5th to 99.5th percentile of the non-zero voxels. */
    public static final IntensityNormalisation DEFAULT = new IntensityNormalisation(0.5, 99.5, true);

    public IntensityNormalisation {
        if (!(lowPercent >= 0 && lowPercent < highPercent && highPercent <= 100)) {
            throw new IllegalArgumentException("percentiles must satisfy 0 <= low < high <= 100, got " + lowPercent
                    + " and " + highPercent);
        }
    }

    public Volume apply(Volume volume) {
        double[] bounds = percentiles(volume.voxels(), foregroundOnly, lowPercent, highPercent);
        double low = bounds[0];
        double range = bounds[1] - bounds[0];
        float[] in = volume.voxels();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            double value = in[i];
            if (Double.isFinite(value) && range > 0) {
                out[i] = (float) Math.max(0, Math.min(1, (value - low) / range));
            } else if (Double.isFinite(value)) { // a constant image: everything at or above it is 1
                out[i] = value >= low && !(foregroundOnly && value == 0) ? 1 : 0;
            }
        }
        return volume.withVoxels(out);
    }

    /**
     * Percentiles of the finite values (non-zero ones too when {@code nonZeroOnly}), by linear
     * interpolation between order statistics (numpy's {@code percentile} default).
     *
     * @throws IllegalArgumentException when no value qualifies
     */
    public static double[] percentiles(float[] values, boolean nonZeroOnly, double... percents) {
        float[] kept = new float[values.length];
        int count = 0;
        for (float value : values) {
            if (Float.isFinite(value) && !(nonZeroOnly && value == 0)) {
                kept[count++] = value;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("no " + (nonZeroOnly ? "non-zero " : "") + "finite voxel to take percentiles of");
        }
        // only the order statistics around each percentile are needed: selecting them is linear,
        // where sorting seven million voxels took most of a normalisation (see BENCHMARKS.md)
        int[] ranks = new int[2 * percents.length];
        double[] positions = new double[percents.length];
        for (int p = 0; p < percents.length; p++) {
            positions[p] = percents[p] / 100 * (count - 1);
            ranks[2 * p] = (int) Math.floor(positions[p]);
            ranks[2 * p + 1] = Math.min(ranks[2 * p] + 1, count - 1);
        }
        int[] order = ranks.clone();
        Arrays.sort(order);
        int from = 0;
        for (int rank : order) {
            if (rank >= from) {
                OrderStatistics.select(kept, from, count, rank);
                from = rank + 1;
            }
        }
        double[] result = new double[percents.length];
        for (int p = 0; p < percents.length; p++) {
            int below = ranks[2 * p];
            int above = ranks[2 * p + 1];
            result[p] = kept[below] + (positions[p] - below) * ((double) kept[above] - kept[below]);
        }
        return result;
    }
}

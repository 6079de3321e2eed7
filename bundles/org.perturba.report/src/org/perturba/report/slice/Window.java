package org.perturba.report.slice;

import java.util.Arrays;

/**
 * The intensity range mapped from black to white. MRI intensities have no fixed scale and a few very
 * bright voxels (vessels, fat) would darken everything under a min-max window, hence percentiles.
 *
 * @param low intensity shown black (and below)
 * @param high intensity shown white (and above); greater than {@code low}
 */
public record Window(double low, double high) {
    public Window {
        if (!(high > low) || !Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("window [" + low + ", " + high + "] is empty or not finite");
        }
    }

    /**
     * The window between two percentiles (0–100) of the finite values; widened around a single value
     * so a constant image still has one.
     */
    public static Window percentiles(float[] values, double lowPercent, double highPercent) {
        float[] finite = new float[values.length];
        int n = 0;
        for (float value : values) {
            if (Float.isFinite(value)) {
                finite[n++] = value;
            }
        }
        if (n == 0) {
            return new Window(0, 1);
        }
        Arrays.sort(finite, 0, n);
        double low = finite[(int) Math.floor(lowPercent / 100 * (n - 1))];
        double high = finite[(int) Math.ceil(highPercent / 100 * (n - 1))];
        if (!(high > low)) {
            double pad = Math.max(Math.abs(low) * 0.1, 1e-6);
            return new Window(low - pad, high + pad);
        }
        return new Window(low, high);
    }

    /** Half the window's width: how far a value may move before it leaves the displayed range. */
    public double halfWidth() {
        return (high - low) / 2;
    }
}

package org.perturba.ui.viewer.render;

/**
 * Intensity window: values from {@code level - width/2} (black) to {@code level + width/2} (white).
 *
 * @param width positive
 */
public record WindowLevel(double level, double width) {
    public WindowLevel {
        if (!(width > 0) || !Double.isFinite(width) || !Double.isFinite(level)) {
            throw new IllegalArgumentException("window level " + level + " width " + width + " is empty or not finite");
        }
    }

    public static WindowLevel ofRange(double low, double high) {
        return new WindowLevel((low + high) / 2, high - low);
    }

    public double low() {
        return level - width / 2;
    }

    public double high() {
        return level + width / 2;
    }

    /** Grey level 0–255 of a value; NaN is black. */
    public int grey(double value) {
        double t = (value - low()) / width;
        if (Double.isNaN(t)) {
            return 0;
        }
        return (int) Math.round(255 * Math.max(0, Math.min(1, t)));
    }
}

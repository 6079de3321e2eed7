package org.perturba.ui.viewer.render;

import org.perturba.report.slice.ColorMap;

/** Colour arithmetic on 0xRRGGBB values, and the colours of labels and perturbations. */
public final class Colours {
    private static final double GOLDEN_ANGLE = 0.381966011250105;

    private Colours() {
    }

    public static int grey(int level) {
        return level << 16 | level << 8 | level;
    }

    /** {@code from} blended towards {@code to} by {@code alpha} in [0, 1]. */
    public static int mix(int from, int to, double alpha) {
        double t = Math.max(0, Math.min(1, alpha));
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int a = from >> shift & 0xFF;
            int b = to >> shift & 0xFF;
            rgb |= (int) Math.round(a + (b - a) * t) << shift;
        }
        return rgb;
    }

    /**
     * A label's colour: hues a golden angle apart, so neighbouring indices (often neighbouring
     * regions, e.g. left and right of one structure) get clearly different colours; the same index
     * always gets the same colour.
     */
    public static int label(int label) {
        double hue = (label * GOLDEN_ANGLE) % 1.0;
        double saturation = label % 2 == 0 ? 0.65 : 0.85;
        double value = label % 3 == 0 ? 0.8 : 0.95;
        return hsv(hue, saturation, value);
    }

    /** A signed value on a scale symmetric around zero: white at 0, red positive, blue negative. */
    public static int diverging(double value, double limit) {
        return ColorMap.diverging(value, limit > 0 ? limit : 1);
    }

    static int hsv(double hue, double saturation, double value) {
        double h = hue * 6;
        int sector = (int) Math.floor(h) % 6;
        double f = h - Math.floor(h);
        double p = value * (1 - saturation);
        double q = value * (1 - f * saturation);
        double t = value * (1 - (1 - f) * saturation);
        double[] rgb = switch (sector) {
            case 0 -> new double[] { value, t, p };
            case 1 -> new double[] { q, value, p };
            case 2 -> new double[] { p, value, t };
            case 3 -> new double[] { p, q, value };
            case 4 -> new double[] { t, p, value };
            default -> new double[] { value, p, q };
        };
        return (int) Math.round(rgb[0] * 255) << 16 | (int) Math.round(rgb[1] * 255) << 8 | (int) Math.round(rgb[2] * 255);
    }
}

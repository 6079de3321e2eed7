package org.perturba.report.slice;

/**
 * The two colour maps of slice figures, as 0xRRGGBB values: grey for images, and a diverging
 * blue–white–red map for signed differences, so zero is white, sign reads as hue and size as
 * saturation (red and blue stay apart under the common colour-vision deficiencies).
 */
public final class ColorMap {
    private static final int[] RED_STOPS = { 0xFFFFFF, 0xF4A582, 0xB2182B };
    private static final int[] BLUE_STOPS = { 0xFFFFFF, 0x92C5DE, 0x2166AC };

    private ColorMap() {
    }

    /** Grey level of {@code value} in the window; NaN shows black. */
    public static int grey(double value, Window window) {
        double t = (value - window.low()) / (window.high() - window.low());
        int level = Double.isNaN(t) ? 0 : (int) Math.round(255 * Math.max(0, Math.min(1, t)));
        return level << 16 | level << 8 | level;
    }

    /**
     * Colour of {@code value} on a scale symmetric around zero: white at 0, dark red at +limit and
     * beyond, dark blue at −limit and beyond; NaN shows white.
     */
    public static int diverging(double value, double limit) {
        if (!(limit > 0)) {
            throw new IllegalArgumentException("the limit must be positive, not " + limit);
        }
        double t = value / limit;
        if (Double.isNaN(t) || t == 0) {
            return 0xFFFFFF;
        }
        int[] stops = t > 0 ? RED_STOPS : BLUE_STOPS;
        double position = Math.min(1, Math.abs(t)) * (stops.length - 1);
        int segment = Math.min(stops.length - 2, (int) position);
        return mix(stops[segment], stops[segment + 1], position - segment);
    }

    private static int mix(int from, int to, double t) {
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int a = from >> shift & 0xFF;
            int b = to >> shift & 0xFF;
            rgb |= (int) Math.round(a + (b - a) * t) << shift;
        }
        return rgb;
    }
}

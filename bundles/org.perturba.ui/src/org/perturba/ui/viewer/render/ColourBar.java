package org.perturba.ui.viewer.render;

import java.util.Locale;

/**
 * The key to the perturbation colours: a vertical strip of the diverging scale, +limit (red) at the
 * top, 0 (white) in the middle and −limit (blue) at the bottom, with the limit written beside it.
 */
public final class ColourBar {
    /** The strip's size in pixels, as the viewer draws it. */
    public static final int WIDTH = 10;
    public static final int HEIGHT = 90;

    private ColourBar() {
    }

    /** Whether a scene shows perturbation colours, and so wants the key: the heatmap over the image, or the difference. */
    public static boolean shown(VolumeScene scene) {
        return scene.paired() && (scene.showPerturbation() || scene.mode() == DisplayMode.DIFFERENCE);
    }

    /** The strip as {@code width × height} 0xRRGGBB pixels, row by row from the top (+limit) to the bottom (−limit). */
    public static int[] pixels(int width, int height, double limit) {
        int[] pixels = new int[width * height];
        for (int row = 0; row < height; row++) {
            double value = height == 1 ? 0 : limit * (1 - 2.0 * row / (height - 1));
            int rgb = Colours.diverging(value, limit);
            for (int column = 0; column < width; column++) {
                pixels[row * width + column] = rgb;
            }
        }
        return pixels;
    }

    /** The labels at the ends of the strip, e.g. "+0.01" and "−0.01". */
    public static String[] labels(double limit) {
        String value = String.format(Locale.ROOT, "%.3g", limit).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
        return new String[] { "+" + value, "\u2212" + value };
    }
}

package org.perturba.report.chart;

import java.awt.Color;
import java.util.List;

/**
 * Series colours from the Okabe–Ito palette, chosen because its hues stay distinguishable under the
 * common colour-vision deficiencies and in greyscale print far better than default chart colours.
 * Yellow, hard to see on white, comes last; after eight series the colours repeat (markers differ).
 */
public final class Palette {
    /** In the order series receive them. */
    public static final List<Color> OKABE_ITO = List.of(
            new Color(0x0072B2), // blue
            new Color(0xD55E00), // vermillion
            new Color(0x009E73), // bluish green
            new Color(0xE69F00), // orange
            new Color(0x56B4E9), // sky blue
            new Color(0xCC79A7), // reddish purple
            new Color(0x000000), // black
            new Color(0xF0E442)); // yellow

    private Palette() {
    }

    /** The colour of the series at {@code index} (0-based). */
    public static Color color(int index) {
        return OKABE_ITO.get(Math.floorMod(index, OKABE_ITO.size()));
    }

    /** {@code #rrggbb}, as SVG and CSS take it. */
    public static String hex(Color color) {
        return String.format("#%06X", color.getRGB() & 0xFFFFFF);
    }
}

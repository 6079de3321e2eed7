package org.perturba.report.chart;

/**
 * Point marker shapes; each series gets its own so that series stay apart where colours cannot
 * (greyscale print, colour-vision deficiency, more series than colours).
 */
public enum Marker {
    CIRCLE, SQUARE, TRIANGLE, DIAMOND;

    /** The marker of the series at {@code index}. */
    public static Marker of(int index) {
        return values()[Math.floorMod(index, values().length)];
    }

    /**
     * The outline of a polygon marker of the given radius centred on (x, y), as alternating x, y;
     * empty for {@link #CIRCLE}, which both renderers draw natively.
     */
    double[] polygon(double x, double y, double r) {
        return switch (this) {
            case CIRCLE -> new double[0];
            case SQUARE -> {
                double s = r * 0.85;
                yield new double[] { x - s, y - s, x + s, y - s, x + s, y + s, x - s, y + s };
            }
            case TRIANGLE -> new double[] { x, y - r * 1.15, x + r, y + r * 0.7, x - r, y + r * 0.7 };
            case DIAMOND -> new double[] { x, y - r * 1.2, x + r, y, x, y + r * 1.2, x - r, y };
        };
    }
}

package org.perturba.report.chart;

import java.awt.Color;

/**
 * The few drawing operations a chart needs, so that one layout and drawing routine produces both the
 * SVG and the PNG and the two cannot drift apart. Coordinates are pixels, y down.
 */
interface Canvas {
    /** Horizontal placement of text relative to its anchor point. */
    enum Anchor { START, MIDDLE, END }

    void rect(double x, double y, double width, double height, Color fill, Color stroke);

    void line(double x1, double y1, double x2, double y2, Color color, double width, boolean dashed);

    /** An open polyline through alternating x, y coordinates. */
    void polyline(double[] points, Color color, double width);

    /** A filled marker with a white rim, so overlapping markers stay visible. */
    void marker(Marker shape, double x, double y, double radius, Color color);

    /**
     * Text with its baseline at y, in the generic sans-serif font.
     *
     * @param vertical rotated a quarter turn anticlockwise around (x, y), for a y axis label
     */
    void text(String text, double x, double y, double size, Anchor anchor, boolean bold, boolean vertical, Color color);

    /** A width estimate shared by both renderers, so both lay out alike without font metrics. */
    static double textWidth(String text, double size) {
        return text.length() * size * 0.6;
    }
}

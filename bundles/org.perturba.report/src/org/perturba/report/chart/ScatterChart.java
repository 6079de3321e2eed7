package org.perturba.report.chart;

import java.awt.Color;
import java.util.List;

/**
 * Points of named series without joining lines, e.g. predicted against true age per subject. With the
 * identity line y = x both axes cover the same range, so the distance of a point from the line reads
 * directly as its error.
 *
 * <pre>{@code
 * new ScatterChart("Predicted vs true age", "true age (years)", "predicted age (years)")
 *         .identityLine(true).series("clean", age, predicted).series("attacked", age, attacked)
 *         .writeSvg(Path.of("scatter.svg"), 600, 600);
 * }</pre>
 */
public final class ScatterChart extends Chart<ScatterChart> {
    private static final Color IDENTITY = new Color(0x888888);

    private boolean identityLine;

    public ScatterChart(String title, String xLabel, String yLabel) {
        super(title, xLabel, yLabel);
    }

    /** Whether to draw the dashed line y = x (default off). */
    public ScatterChart identityLine(boolean draw) {
        this.identityLine = draw;
        return this;
    }

    @Override
    protected boolean logX() {
        return false;
    }

    @Override
    protected double[] xRange() {
        return identityLine ? union(super.xRange(), super.yRange()) : super.xRange();
    }

    @Override
    protected double[] yRange() {
        return identityLine ? union(super.xRange(), super.yRange()) : super.yRange();
    }

    @Override
    void drawData(Canvas canvas, Scale x, Scale y) {
        if (identityLine) {
            double low = Math.max(x.low(), y.low()); // the axes may end on different ticks
            double high = Math.min(x.high(), y.high());
            canvas.line(x.pixel(low), y.pixel(low), x.pixel(high), y.pixel(high), IDENTITY, 1.5, true);
        }
        List<Series> all = series();
        for (int s = 0; s < all.size(); s++) {
            Series series = all.get(s);
            for (int i = 0; i < series.size(); i++) {
                if (series.drawable(i, false)) {
                    canvas.marker(Marker.of(s), x.pixel(series.x(i)), y.pixel(series.y(i)), MARKER_RADIUS, Palette.color(s));
                }
            }
        }
    }

    @Override
    void drawLegendKey(Canvas canvas, int index, double x, double y) {
        canvas.marker(Marker.of(index), x, y, MARKER_RADIUS, Palette.color(index));
    }

    private static double[] union(double[] a, double[] b) {
        return new double[] { Math.min(a[0], b[0]), Math.max(a[1], b[1]) };
    }
}

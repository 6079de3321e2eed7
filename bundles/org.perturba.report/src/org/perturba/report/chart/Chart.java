package org.perturba.report.chart;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.perturba.imaging.io.AtomicFiles;
import org.perturba.report.Png;
import org.perturba.report.chart.Canvas.Anchor;

/**
 * What line and scatter charts share: title, axis labels, named series, nice ticks, grid, legend, and
 * output as SVG (for print and the web) or PNG (for anything else). The layout is computed once per
 * render and drawn on either {@link Canvas}, so both formats show the same picture.
 *
 * @param <C> the concrete chart, so the builder methods chain
 */
public abstract class Chart<C extends Chart<C>> {
    private static final Color TEXT = new Color(0x222222);
    private static final Color GRID = new Color(0xE6E6E6);
    private static final Color FRAME = new Color(0x666666);
    static final double FONT = 12;
    static final double MARKER_RADIUS = 4;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();

    protected Chart(String title, String xLabel, String yLabel) {
        this.title = Objects.requireNonNull(title, "title");
        this.xLabel = Objects.requireNonNull(xLabel, "xLabel");
        this.yLabel = Objects.requireNonNull(yLabel, "yLabel");
    }

    /** Adds a named series of points; it takes the next palette colour and marker. */
    public C series(String name, double[] x, double[] y) {
        series.add(new Series(name, x, y));
        return self();
    }

    /** The chart as an SVG document. */
    public String toSvg(int width, int height) {
        SvgCanvas canvas = new SvgCanvas(width, height, title);
        render(canvas, width, height);
        return canvas.toString();
    }

    /** The chart drawn on a new RGB image; needs no display. */
    public BufferedImage toImage(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            render(new Graphics2DCanvas(g), width, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Writes {@link #toSvg} atomically. */
    public void writeSvg(Path file, int width, int height) throws IOException {
        AtomicFiles.writeString(file, toSvg(width, height));
    }

    /** Writes {@link #toImage} as PNG atomically. */
    public void writePng(Path file, int width, int height) throws IOException {
        Png.write(toImage(width, height), file);
    }

    protected List<Series> series() {
        return List.copyOf(series);
    }

    /** Whether the x axis is logarithmic. */
    protected abstract boolean logX();

    /** The data range to cover on x, as {min, max}; subclasses may widen it. */
    protected double[] xRange() {
        return range(true);
    }

    /** The data range to cover on y, as {min, max}; subclasses may widen it. */
    protected double[] yRange() {
        return range(false);
    }

    /** Draws the data inside the plot area, after the grid and before the legend. */
    abstract void drawData(Canvas canvas, Scale x, Scale y);

    /** Draws the legend symbol of series {@code index} centred at (x, y). */
    abstract void drawLegendKey(Canvas canvas, int index, double x, double y);

    @SuppressWarnings("unchecked")
    private C self() {
        return (C) this;
    }

    private void render(Canvas canvas, int width, int height) {
        if (width < 100 || height < 80) {
            throw new IllegalArgumentException("a chart needs at least 100x80 pixels, not " + width + "x" + height);
        }
        double top = 40;
        double bottom = height - 48;
        double[] yData = yRange();
        Ticks yTicks = Ticks.linear(yData[0], yData[1], clamp((int) ((bottom - top) / 50), 2, 10));
        double yLabelWidth = 0;
        for (double value : yTicks.values()) {
            yLabelWidth = Math.max(yLabelWidth, Canvas.textWidth(yTicks.label(value), FONT));
        }
        double left = 30 + yLabelWidth + 10;
        double legendWidth = 0;
        for (Series s : series) {
            legendWidth = Math.max(legendWidth, Canvas.textWidth(s.name(), FONT) + 40);
        }
        double right = width - Math.max(16, legendWidth + 16);
        if (right - left < 40) {
            throw new IllegalArgumentException(width + " pixels are too narrow for this chart's labels and legend");
        }
        double[] xData = xRange();
        Ticks xTicks = logX() ? Ticks.log(xData[0], xData[1])
                : Ticks.linear(xData[0], xData[1], clamp((int) ((right - left) / 90), 2, 10));
        Scale x = new Scale(xTicks, left, right);
        Scale y = new Scale(yTicks, bottom, top);

        canvas.rect(0, 0, width, height, Color.WHITE, null);
        canvas.text(title, (left + right) / 2, 24, FONT + 3, Anchor.MIDDLE, true, false, TEXT);
        for (double value : xTicks.values()) {
            double px = x.pixel(value);
            canvas.line(px, top, px, bottom, GRID, 1, false);
            canvas.line(px, bottom, px, bottom + 5, FRAME, 1, false);
            canvas.text(xTicks.label(value), px, bottom + 18, FONT, Anchor.MIDDLE, false, false, TEXT);
        }
        for (double value : xTicks.minor()) {
            double px = x.pixel(value);
            canvas.line(px, bottom, px, bottom + 3, FRAME, 1, false);
        }
        for (double value : yTicks.values()) {
            double py = y.pixel(value);
            canvas.line(left, py, right, py, GRID, 1, false);
            canvas.line(left - 5, py, left, py, FRAME, 1, false);
            canvas.text(yTicks.label(value), left - 8, py + FONT * 0.35, FONT, Anchor.END, false, false, TEXT);
        }
        canvas.rect(left, top, right - left, bottom - top, null, FRAME);
        canvas.text(xLabel, (left + right) / 2, height - 10, FONT, Anchor.MIDDLE, false, false, TEXT);
        canvas.text(yLabel, 16, (top + bottom) / 2, FONT, Anchor.MIDDLE, false, true, TEXT);

        drawData(canvas, x, y);

        for (int i = 0; i < series.size(); i++) {
            double ly = top + 10 + i * 20;
            drawLegendKey(canvas, i, right + 26, ly);
            canvas.text(series.get(i).name(), right + 44, ly + FONT * 0.35, FONT, Anchor.START, false, false, TEXT);
        }
    }

    private double[] range(boolean onX) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.size(); i++) {
                if (s.drawable(i, logX())) {
                    double value = onX ? s.x(i) : s.y(i);
                    min = Math.min(min, value);
                    max = Math.max(max, value);
                }
            }
        }
        if (min > max) { // nothing to draw: an empty but valid axis
            return onX && logX() ? new double[] { 1, 10 } : new double[] { 0, 1 };
        }
        return new double[] { min, max };
    }

    private static int clamp(int value, int low, int high) {
        return Math.max(low, Math.min(high, value));
    }
}

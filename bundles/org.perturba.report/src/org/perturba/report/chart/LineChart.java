package org.perturba.report.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * Named series of (x, y) points joined by lines, each point marked, e.g. error against attack
 * strength. A log x axis suits parameters swept over decades (epsilon 0.001…0.1); it cannot show
 * x ≤ 0, so such points are left out there.
 *
 * <pre>{@code
 * new LineChart("MAE under attack", "epsilon", "MAE (years)").logX(true)
 *         .series("FGSM", eps, maeFgsm).series("PGD", eps, maePgd)
 *         .writePng(Path.of("mae.png"), 800, 500);
 * }</pre>
 */
public final class LineChart extends Chart<LineChart> {
    private boolean logX;

    public LineChart(String title, String xLabel, String yLabel) {
        super(title, xLabel, yLabel);
    }

    /** Whether x runs on a logarithmic axis (default linear). */
    public LineChart logX(boolean log) {
        this.logX = log;
        return this;
    }

    @Override
    protected boolean logX() {
        return logX;
    }

    @Override
    void drawData(Canvas canvas, Scale x, Scale y) {
        List<Series> all = series();
        for (int s = 0; s < all.size(); s++) {
            Series series = all.get(s);
            List<Double> run = new ArrayList<>(); // points since the last gap
            for (int i = 0; i <= series.size(); i++) {
                if (i < series.size() && series.drawable(i, logX)) {
                    run.add(x.pixel(series.x(i)));
                    run.add(y.pixel(series.y(i)));
                } else {
                    if (run.size() >= 4) {
                        canvas.polyline(run.stream().mapToDouble(Double::doubleValue).toArray(), Palette.color(s), 2);
                    }
                    run.clear();
                }
            }
            for (int i = 0; i < series.size(); i++) {
                if (series.drawable(i, logX)) {
                    canvas.marker(Marker.of(s), x.pixel(series.x(i)), y.pixel(series.y(i)), MARKER_RADIUS, Palette.color(s));
                }
            }
        }
    }

    @Override
    void drawLegendKey(Canvas canvas, int index, double x, double y) {
        canvas.line(x - 14, y, x + 14, y, Palette.color(index), 2, false);
        canvas.marker(Marker.of(index), x, y, MARKER_RADIUS, Palette.color(index));
    }
}

package org.perturba.report.chart;

import java.util.Objects;

/**
 * A named set of (x, y) points, copied on creation so a chart cannot change behind its caller's back.
 * Non-finite values are allowed and mean "no value": the point is skipped and a line breaks there.
 */
public final class Series {
    private final String name;
    private final double[] x;
    private final double[] y;

    public Series(String name, double[] x, double[] y) {
        this.name = Objects.requireNonNull(name, "name");
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "' has " + x.length + " x and " + y.length + " y values");
        }
        this.x = x.clone();
        this.y = y.clone();
    }

    public String name() {
        return name;
    }

    public int size() {
        return x.length;
    }

    public double x(int i) {
        return x[i];
    }

    public double y(int i) {
        return y[i];
    }

    /** Whether point {@code i} can be drawn: both values finite (and x positive on a log axis). */
    boolean drawable(int i, boolean logX) {
        return Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!logX || x[i] > 0);
    }
}

package org.perturba.report.chart;

/**
 * Maps data values on one axis to pixel positions, linearly or by logarithm; the pixel range may run
 * backwards (the y axis grows upwards while pixels grow downwards).
 */
final class Scale {
    private final boolean log;
    private final double from;
    private final double to;
    private final double pixelFrom;
    private final double pixelTo;

    Scale(Ticks ticks, double pixelFrom, double pixelTo) {
        this.log = ticks.log();
        this.from = transform(ticks.low());
        this.to = transform(ticks.high());
        this.pixelFrom = pixelFrom;
        this.pixelTo = pixelTo;
    }

    double pixel(double value) {
        return pixelFrom + (transform(value) - from) / (to - from) * (pixelTo - pixelFrom);
    }

    /** The data value at the start of the axis. */
    double low() {
        return inverse(from);
    }

    /** The data value at the end of the axis. */
    double high() {
        return inverse(to);
    }

    private double inverse(double transformed) {
        return log ? Math.pow(10, transformed) : transformed;
    }

    private double transform(double value) {
        return log ? Math.log10(value) : value;
    }
}

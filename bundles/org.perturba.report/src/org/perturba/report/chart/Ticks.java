package org.perturba.report.chart;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Axis ticks at "nice" values (1, 2 or 5 times a power of ten; whole decades on a log axis) whose
 * first and last ticks enclose the data, so the axis ends on a labelled value and nothing is drawn
 * outside it. Values are computed from integers so labels read 0.3, not 0.30000000000000004.
 */
public final class Ticks {
    private static final double[] MANTISSAS = { 1, 2, 5, 10 };

    private final double[] values;
    private final double[] minor;
    private final boolean log;
    private final int decimals;

    private Ticks(double[] values, double[] minor, boolean log, int decimals) {
        this.values = values;
        this.minor = minor;
        this.log = log;
        this.decimals = decimals;
    }

    /**
     * Linear ticks covering [min, max] with about {@code target} intervals (never more than twice
     * that). An empty range is widened, so a constant series still gets an axis.
     */
    public static Ticks linear(double min, double max, int target) {
        checkRange(min, max);
        if (max == min) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            min -= pad;
            max += pad;
        }
        double rough = (max - min) / Math.max(1, target);
        int exponent = (int) Math.floor(Math.log10(rough));
        double mantissa = 10;
        for (double m : MANTISSAS) {
            if (m * Math.pow(10, exponent) >= rough * (1 - 1e-9)) {
                mantissa = m;
                break;
            }
        }
        if (mantissa == 10) {
            mantissa = 1;
            exponent++;
        }
        double step = scaled(1, mantissa, exponent);
        long first = (long) Math.floor(min / step + 1e-9);
        long last = (long) Math.ceil(max / step - 1e-9);
        double[] values = new double[(int) (last - first + 1)];
        for (int i = 0; i < values.length; i++) {
            values[i] = scaled(first + i, mantissa, exponent) + 0.0; // + 0.0 turns -0.0 into 0.0
        }
        return new Ticks(values, new double[0], false, Math.max(0, -exponent));
    }

    /** Whole decades covering [min, max], both positive; the 2…9 multiples between them as minor ticks. */
    public static Ticks log(double min, double max) {
        checkRange(min, max);
        if (!(min > 0)) {
            throw new IllegalArgumentException("a log axis needs positive values, got " + min);
        }
        int first = (int) Math.floor(Math.log10(min) + 1e-9);
        int last = (int) Math.ceil(Math.log10(max) - 1e-9);
        if (last == first) {
            last++;
        }
        double[] values = new double[last - first + 1];
        List<Double> minor = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            values[i] = decade(first + i);
            for (int m = 2; m <= 9 && i < values.length - 1; m++) {
                minor.add(scaled(m, 1, first + i));
            }
        }
        return new Ticks(values, minor.stream().mapToDouble(Double::doubleValue).toArray(), true, 0);
    }

    /** Tick values, ascending. */
    public double[] values() {
        return values.clone();
    }

    /** Unlabelled ticks between the labelled ones (log axes only). */
    public double[] minor() {
        return minor.clone();
    }

    public boolean log() {
        return log;
    }

    /** The first tick: where the axis starts. */
    public double low() {
        return values[0];
    }

    /** The last tick: where the axis ends. */
    public double high() {
        return values[values.length - 1];
    }

    /** The tick's label: as many decimals as the step needs; powers of ten in plain or {@code 1e-5} form. */
    public String label(double value) {
        if (log) {
            int exponent = (int) Math.round(Math.log10(value));
            return exponent >= -4 && exponent <= 5 ? BigDecimal.ONE.scaleByPowerOfTen(exponent).toPlainString()
                    : "1e" + exponent;
        }
        if (decimals > 6 || Math.abs(value) >= 1e7) {
            return String.format(Locale.ROOT, "%.3g", value);
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static double scaled(long multiple, double mantissa, int exponent) {
        // dividing by an exact power of ten rounds to the nearest double of the decimal value
        return exponent < 0 ? multiple * mantissa / Math.pow(10, -exponent) : multiple * mantissa * Math.pow(10, exponent);
    }

    private static double decade(int exponent) {
        return scaled(1, 1, exponent);
    }

    private static void checkRange(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("no axis for the range [" + min + ", " + max + "]");
        }
    }
}

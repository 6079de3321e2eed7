package org.perturba.report.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.perturba.report.chart.Ticks;

class TicksTest {

    @Test
    void linearTicksAreNiceAndCoverTheData() {
        Ticks ticks = Ticks.linear(3.7, 61.2, 6);
        assertArrayEquals(new double[] { 0, 10, 20, 30, 40, 50, 60, 70 }, ticks.values());
        assertEquals("0", ticks.label(0));
        assertTrue(ticks.low() <= 3.7 && ticks.high() >= 61.2);
    }

    @Test
    void everyLinearStepIsOneTwoOrFiveTimesAPowerOfTen() {
        double[][] ranges = { { 0, 1 }, { -0.013, 0.027 }, { 17, 93 }, { 1234, 98765 }, { -5, -4.99 }, { 0.1, 0.3 } };
        for (double[] range : ranges) {
            for (int target = 2; target <= 10; target++) {
                double[] values = Ticks.linear(range[0], range[1], target).values();
                assertTrue(values[0] <= range[0] && values[values.length - 1] >= range[1], "covers the data");
                assertTrue(values.length - 1 <= 2 * target + 1, "about the requested number: " + values.length);
                double step = values[1] - values[0];
                double mantissa = step / Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
                assertTrue(near(mantissa, 1) || near(mantissa, 2) || near(mantissa, 5), "step " + step);
            }
        }
    }

    @Test
    void labelsShowDecimalValuesWithoutRoundingNoise() {
        Ticks ticks = Ticks.linear(0.1, 0.3, 4);
        assertEquals("0.30", ticks.label(ticks.values()[ticks.values().length - 1]));
        assertEquals(0.3, ticks.high(), 0);
        assertEquals("-0.02", Ticks.linear(-0.013, 0.027, 4).label(-0.02));
    }

    @Test
    void aConstantSeriesStillGetsAnAxis() {
        Ticks ticks = Ticks.linear(5, 5, 5);
        assertTrue(ticks.low() < 5 && ticks.high() > 5);
    }

    @Test
    void logTicksAreWholeDecadesWithMinorTicksBetween() {
        Ticks ticks = Ticks.log(0.002, 0.15);
        assertArrayEquals(new double[] { 0.001, 0.01, 0.1, 1 }, ticks.values());
        assertEquals(3 * 8, ticks.minor().length);
        assertEquals("0.001", ticks.label(0.001));
        assertEquals("1e-6", Ticks.log(1e-6, 1e-5).label(1e-6));
        assertArrayEquals(new double[] { 1, 10 }, Ticks.log(1, 1).values());
    }

    @Test
    void aLogAxisRefusesNonPositiveValues() {
        assertThrows(IllegalArgumentException.class, () -> Ticks.log(0, 1));
    }

    private static boolean near(double a, double b) {
        return Math.abs(a - b) < 1e-6;
    }
}

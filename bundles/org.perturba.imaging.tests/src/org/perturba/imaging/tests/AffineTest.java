package org.perturba.imaging.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.perturba.imaging.Affine;

class AffineTest {
    @Test
    void aNonFiniteAffineHasNoOrientationAndNoInverseAndSaysSoInOneLine() {
        // a NaN used to leave the greedy axis search without a pick: ArrayIndexOutOfBoundsException
        for (double value : new double[] { Double.NaN, Double.POSITIVE_INFINITY }) {
            Affine broken = new Affine(new double[][] { { 1, 0, 0, 0 }, { 0, value, 0, 0 }, { 0, 0, 1, 0 } });
            assertOneLine(assertThrows(IllegalArgumentException.class, broken::orientation), "non-finite");
            assertOneLine(assertThrows(IllegalArgumentException.class, broken::inverse), "non-finite");
        }
    }

    @Test
    void aSingularAffineHasNoOrientationAndNoInverseAndSaysSoInOneLine() {
        for (Affine flat : new Affine[] { Affine.diagonal(1, 0, 1),
                new Affine(new double[][] { { 1, 1, 0, 0 }, { 0, 0, 0, 0 }, { 0, 0, 1, 0 } }), new Affine(new double[3][4]) }) {
            assertOneLine(assertThrows(IllegalArgumentException.class, flat::orientation), "singular");
            assertOneLine(assertThrows(IllegalArgumentException.class, flat::inverse), "singular");
        }
    }

    private static void assertOneLine(IllegalArgumentException error, String expected) {
        assertTrue(error.getMessage().contains(expected), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), error.getMessage());
    }
}

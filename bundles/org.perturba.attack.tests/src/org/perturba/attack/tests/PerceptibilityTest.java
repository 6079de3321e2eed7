package org.perturba.attack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.perturba.attack.metrics.Perceptibility;

class PerceptibilityTest {
    private static final int[] SHAPE = { 12, 10, 8 };
    private final float[] clean = image();

    @Test
    void identicalImagesAreImperceptible() {
        Perceptibility same = Perceptibility.of(clean, clean.clone(), SHAPE);
        assertEquals(0, same.lInf());
        assertEquals(0, same.l2());
        assertEquals(Double.POSITIVE_INFINITY, same.psnrDb());
        assertEquals(1, same.ssim(), 1e-9);
    }

    @Test
    void normsAndPsnrOfAUniformShift() {
        float[] shifted = clean.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 0.01f;
        }
        Perceptibility shift = Perceptibility.of(clean, shifted, SHAPE);
        assertEquals(0.01, shift.lInf(), 1e-6);
        assertEquals(0.01 * Math.sqrt(clean.length), shift.l2(), 1e-5);
        assertEquals(40, shift.psnrDb(), 1e-3, "an epsilon of 0.01 everywhere is 40 dB");
        assertTrue(shift.ssim() > 0.99, "a small uniform shift keeps the structure: " + shift.ssim());
    }

    @Test
    void structuralSimilarityFallsAsNoiseGrows() {
        double previous = 1;
        Random random = new Random(4);
        for (double sigma : new double[] { 0.01, 0.05, 0.2 }) {
            float[] noisy = clean.clone();
            for (int i = 0; i < noisy.length; i++) {
                noisy[i] += (float) (sigma * random.nextGaussian());
            }
            double ssim = Perceptibility.of(clean, noisy, SHAPE).ssim();
            assertTrue(ssim < previous, "noise " + sigma + ": SSIM " + ssim + " should fall below " + previous);
            previous = ssim;
        }
        assertThrows(IllegalArgumentException.class, () -> Perceptibility.of(clean, new float[3], SHAPE));
    }

    /** A smooth blob on a dark background, values in [0, 1]. */
    private static float[] image() {
        float[] values = new float[SHAPE[0] * SHAPE[1] * SHAPE[2]];
        int index = 0;
        for (int z = 0; z < SHAPE[2]; z++) {
            for (int y = 0; y < SHAPE[1]; y++) {
                for (int x = 0; x < SHAPE[0]; x++, index++) {
                    double d2 = Math.pow(x - 6, 2) + Math.pow(y - 5, 2) + Math.pow(z - 4, 2);
                    values[index] = (float) (0.1 + 0.7 * Math.exp(-d2 / 12));
                }
            }
        }
        return values;
    }
}

package org.perturba.attack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.perturba.attack.metrics.NoiseLevel;
import org.perturba.attack.metrics.Perceptibility;

class PerceptibilityTest {
    private static final int[] SHAPE = { 12, 10, 8 };
    private static final double EPSILON = 0.01;
    private final float[] clean = image();
    private final boolean[] brain = brain();

    @Test
    void identicalImagesAreImperceptible() {
        Perceptibility same = Perceptibility.of(clean, clean.clone(), brain, SHAPE, EPSILON);
        assertEquals(0, same.lInf());
        assertEquals(0, same.l2());
        assertEquals(Double.POSITIVE_INFINITY, same.psnrBrainDb());
        assertEquals(Double.POSITIVE_INFINITY, same.psnrVolumeDb());
        assertEquals(1, same.ssimBrain(), 1e-9);
        assertEquals(1, same.ssimVolume(), 1e-9);
    }

    @Test
    void aFullBudgetSignPerturbationOfTheBrainIsFortyDecibelsThere() {
        // with a budget and intensities that float32 holds exactly (2^-7, multiples of 2^-10), PSNR is exact
        float[] quantised = clean.clone();
        for (int i = 0; i < quantised.length; i++) {
            quantised[i] = Math.round(quantised[i] * 1024) / 1024f;
        }
        double exactBudget = 1.0 / 128;
        assertEquals(20 * Math.log10(1 / exactBudget), signPerturbation(quantised, exactBudget).psnrBrainDb(), 1e-9);
        // 0.01 itself is not a float32: stored as 0.01·(1 - 2.2e-8) and rounded with each voxel, some 1e-5 dB off
        Perceptibility sign = signPerturbation(clean, EPSILON);
        assertEquals(40, sign.psnrBrainDb(), 1e-4, "epsilon 0.01 on every brain voxel is 40 dB inside the brain");
        int brainVoxels = 0;
        for (boolean inside : brain) {
            brainVoxels += inside ? 1 : 0;
        }
        assertEquals(40 + 10 * Math.log10((double) clean.length / brainVoxels), sign.psnrVolumeDb(), 1e-4,
                "the unchanged background inflates the whole volume's PSNR");
        assertTrue(sign.psnrVolumeDb() > sign.psnrBrainDb() + 3, sign.toString());
        assertTrue(sign.ssimBrain() < sign.ssimVolume(), "the background's SSIM of 1 hides the change: " + sign);
        assertEquals(EPSILON, sign.lInf(), 1e-6);
        assertEquals(EPSILON * Math.sqrt(brainVoxels), sign.l2(), 1e-6);
    }

    /** Plus or minus {@code epsilon} at random on every brain voxel, no clamping (the image stays inside [0, 1]). */
    private Perceptibility signPerturbation(float[] image, double epsilon) {
        float[] attacked = image.clone();
        Random random = new Random(3);
        for (int i = 0; i < attacked.length; i++) {
            if (brain[i]) {
                attacked[i] += random.nextBoolean() ? (float) epsilon : (float) -epsilon;
            }
        }
        return Perceptibility.of(image, attacked, brain, SHAPE, epsilon);
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
            double ssim = Perceptibility.of(clean, noisy, brain, SHAPE, EPSILON).ssimBrain();
            assertTrue(ssim < previous, "noise " + sigma + ": SSIM " + ssim + " should fall below " + previous);
            previous = ssim;
        }
        assertThrows(IllegalArgumentException.class, () -> Perceptibility.of(clean, new float[3], brain, SHAPE, EPSILON));
        assertThrows(IllegalArgumentException.class, () -> Perceptibility.of(clean, clean, new boolean[3], SHAPE, EPSILON));
    }

    @Test
    void theNoiseEstimateRecoversAKnownDeviationDespiteTheAnatomy() {
        int[] shape = { 32, 32, 32 };
        boolean[] sphere = new boolean[32 * 32 * 32];
        Random random = new Random(8);
        for (double sigma : new double[] { 0.005, 0.02, 0.05 }) {
            float[] noisy = new float[sphere.length];
            int index = 0;
            for (int z = 0; z < 32; z++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++, index++) {
                        double d2 = Math.pow(x - 15.5, 2) + Math.pow(y - 15.5, 2) + Math.pow(z - 15.5, 2);
                        sphere[index] = d2 < 14 * 14;
                        double anatomy = 0.3 + 0.01 * x + 0.4 * Math.exp(-d2 / 60) + 0.1 * Math.sin(y / 4.0) * Math.cos(z / 5.0);
                        noisy[index] = sphere[index] ? (float) (anatomy + sigma * random.nextGaussian()) : 0;
                    }
                }
            }
            double estimate = NoiseLevel.sigma(noisy, sphere, shape);
            assertEquals(sigma, estimate, 0.1 * sigma, "noise of deviation " + sigma);
            assertEquals(EPSILON / estimate, Perceptibility.of(noisy, noisy, sphere, shape, EPSILON).epsilonOverNoise(), 1e-12);
        }
        assertTrue(Double.isNaN(NoiseLevel.sigma(new float[27], new boolean[27], new int[] { 3, 3, 3 })), "no voxel to measure");
    }

    /** A smooth blob on a dark background, values in [0, 1]. */
    private static float[] image() {
        float[] values = new float[SHAPE[0] * SHAPE[1] * SHAPE[2]];
        int index = 0;
        for (int z = 0; z < SHAPE[2]; z++) {
            for (int y = 0; y < SHAPE[1]; y++) {
                for (int x = 0; x < SHAPE[0]; x++, index++) {
                    values[index] = (float) (0.1 + 0.7 * Math.exp(-distance2(x, y, z) / 12));
                }
            }
        }
        return values;
    }

    /** The blob's core: a ball of radius 3 voxels, about a sixth of the volume. */
    private static boolean[] brain() {
        boolean[] mask = new boolean[SHAPE[0] * SHAPE[1] * SHAPE[2]];
        int index = 0;
        for (int z = 0; z < SHAPE[2]; z++) {
            for (int y = 0; y < SHAPE[1]; y++) {
                for (int x = 0; x < SHAPE[0]; x++, index++) {
                    mask[index] = distance2(x, y, z) <= 9;
                }
            }
        }
        return mask;
    }

    private static double distance2(int x, int y, int z) {
        return Math.pow(x - 6, 2) + Math.pow(y - 5, 2) + Math.pow(z - 4, 2);
    }
}

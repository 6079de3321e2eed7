package org.perturba.imaging.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.perturba.imaging.Affine;
import org.perturba.imaging.InputNormalisation;
import org.perturba.imaging.IntensityNormalisation;
import org.perturba.imaging.Volume;

class InputNormalisationTest {
    private static final int[] SHAPE = { 5, 4, 3 };

    /** A skull-stripped image: 0 outside, intensities 100 to 1000 inside with a few outliers. */
    private static Volume image() {
        float[] voxels = new float[60];
        for (int i = 0; i < voxels.length; i++) {
            voxels[i] = i % 7 == 0 ? 0 : 100 + 15f * ((i * 37) % 61);
        }
        voxels[5] = 5000;
        return new Volume(SHAPE, Affine.diagonal(1, 1, 1), voxels);
    }

    @Test
    void readsBackWhatItWrites() {
        for (String text : List.of("none", "min-max", "z-score", "robust-percentiles 0.5 99.5 foreground", "robust-percentiles 2 98")) {
            assertEquals(text, InputNormalisation.parse(text).text());
        }
        assertEquals(InputNormalisation.DEFAULT, InputNormalisation.parse("robust-percentiles 0.5 99.5 foreground"));
        assertEquals(new InputNormalisation.RobustPercentiles(IntensityNormalisation.DEFAULT), InputNormalisation.DEFAULT);
        assertTrue(InputNormalisation.parse("z-score").zScoreInModel());
        assertFalse(InputNormalisation.parse("none").alwaysInUnitRange());
    }

    @Test
    void refusesWhatItDoesNotKnowInOneLine() {
        for (String text : List.of("histogram", "robust-percentiles 1", "robust-percentiles a b", "min-max 0 1", "robust-percentiles 90 10")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InputNormalisation.parse(text));
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void preparesImagesIntoTheUnitRangeExceptNone() {
        Volume image = image();
        assertSame(image, InputNormalisation.parse("none").prepare(image));
        for (String text : List.of("min-max", "z-score", "robust-percentiles 0.5 99.5 foreground")) {
            float[] prepared = InputNormalisation.parse(text).prepare(image).voxels();
            float low = Float.MAX_VALUE;
            float high = -Float.MAX_VALUE;
            for (float value : prepared) {
                low = Math.min(low, value);
                high = Math.max(high, value);
            }
            assertEquals(0, low, 1e-6, text);
            assertEquals(1, high, 1e-6, text);
        }
        assertEquals(1, InputNormalisation.parse("min-max").prepare(image).voxels()[5], 1e-6);
        assertEquals(0, InputNormalisation.parse("min-max").prepare(image).voxels()[0], 1e-6);
    }

    /** Backpropagation agrees with central differences of {@code prepare} (statistics unmoved by a small step). */
    @Test
    void backpropagatesAsFiniteDifferencesSay() {
        Volume image = image();
        float[] upstream = new float[image.voxelCount()];
        for (int i = 0; i < upstream.length; i++) {
            upstream[i] = (float) Math.sin(i * 0.7);
        }
        for (String text : List.of("none", "min-max", "z-score", "robust-percentiles 2 98")) {
            InputNormalisation normalisation = InputNormalisation.parse(text);
            float[] gradient = normalisation.backpropagate(image, upstream);
            for (int voxel : new int[] { 1, 9, 22, 40, 59 }) { // inside the brain, away from the extremes
                double step = 2; // the maps are linear there: a large step keeps float rounding small
                double difference = (dot(normalisation.prepare(nudged(image, voxel, step)).voxels(), upstream)
                        - dot(normalisation.prepare(nudged(image, voxel, -step)).voxels(), upstream)) / (2 * step);
                assertEquals(difference, gradient[voxel], 1e-3 * Math.max(1e-3, Math.abs(difference)), text + " at voxel " + voxel);
            }
        }
    }

    private static Volume nudged(Volume image, int voxel, double step) {
        float[] voxels = image.voxels().clone();
        voxels[voxel] += (float) step;
        return image.withVoxels(voxels);
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * (double) b[i];
        }
        return sum;
    }
}

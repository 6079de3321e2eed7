package org.perturba.imaging.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Interpolation;
import org.perturba.imaging.Reslicer;
import org.perturba.imaging.Volume;

/**
 * {@link Reslicer#trilinearTranspose} is the transpose of trilinear reslicing: for any source image
 * s and target values t, {@code <reslice(s), t> = <s, transpose(t)>} (the dot-product test of adjoint
 * operators), including target voxels that fall outside the source and grids of a single voxel
 * along an axis.
 */
class ReslicerTransposeTest {
    private final Random random = new Random(21);

    @Test
    void isTheTransposeOfTrilinearReslicing() {
        // a rotated, scaled target grid reaching beyond the source on two sides
        Affine sourceAffine = new Affine(new double[][] { { -2, 0, 0, 20 }, { 0, 2, 0, -18 }, { 0, 0, 2.5, -11 } });
        Affine rotated = new Affine(new double[][] { { 1.3, 0.4, 0, -15 }, { -0.35, 1.4, 0.2, -20 }, { 0, -0.1, 1.6, -14 } });
        assertAdjoint(new int[] { 15, 17, 9 }, sourceAffine, new int[] { 23, 21, 14 }, rotated);
        assertAdjoint(new int[] { 6, 1, 5 }, Affine.diagonal(3, 3, 3), new int[] { 9, 4, 8 }, Affine.diagonal(2, 2, 2));
    }

    @Test
    void carriesValuesBackToTheVoxelsTheyCameFrom() {
        Volume source = Volume.zeros(new int[] { 4, 4, 4 }, Affine.diagonal(1, 1, 1));
        // a target voxel halfway between source voxels (1, 2, 2) and (2, 2, 2)
        Affine shifted = Affine.translation(1.5, 2, 2);
        float[] back = Reslicer.trilinearTranspose(new float[] { 8 }, new int[] { 1, 1, 1 }, shifted, source);
        assertEquals(4, back[1 + 4 * (2 + 4 * 2)], 1e-6);
        assertEquals(4, back[2 + 4 * (2 + 4 * 2)], 1e-6);
        assertEquals(8, sum(back), 1e-5);
    }

    private void assertAdjoint(int[] sourceShape, Affine sourceAffine, int[] targetShape, Affine targetAffine) {
        Volume source = new Volume(sourceShape, sourceAffine, randomValues(sourceShape));
        float[] target = randomValues(targetShape);
        float[] resliced = Reslicer.reslice(source, targetShape, targetAffine, Interpolation.TRILINEAR, 0).voxels();
        float[] back = Reslicer.trilinearTranspose(target, targetShape, targetAffine, source);
        double forward = dot(resliced, target);
        double backward = dot(source.voxels(), back);
        assertTrue(Math.abs(forward) > 1, "the grids must overlap for the test to mean anything: " + forward);
        assertEquals(forward, backward, 1e-5 * Math.abs(forward));
    }

    private float[] randomValues(int[] shape) {
        float[] values = new float[shape[0] * shape[1] * shape[2]];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * (double) b[i];
        }
        return sum;
    }

    private static double sum(float[] values) {
        double sum = 0;
        for (float value : values) {
            sum += value;
        }
        return sum;
    }
}

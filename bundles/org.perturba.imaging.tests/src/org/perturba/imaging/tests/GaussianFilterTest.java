package org.perturba.imaging.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.perturba.imaging.Affine;
import org.perturba.imaging.GaussianFilter;
import org.perturba.imaging.Volume;

class GaussianFilterTest {

    @Test
    void keepsAConstantImageConstantUpToTheEdges() {
        Volume constant = Volume.zeros(new int[] { 7, 6, 5 }, Affine.diagonal(1, 2, 3));
        Arrays.fill(constant.voxels(), 4.5f);
        for (float value : GaussianFilter.smooth(constant, 3).voxels()) {
            assertEquals(4.5f, value, 1e-5);
        }
    }

    @Test
    void spreadsAnImpulseWithTheRequestedWidthInMillimetres() {
        int n = 81; // the impulse stays farther than the kernel from the renormalised edges
        Volume impulse = Volume.zeros(new int[] { n, 1, 1 }, Affine.diagonal(0.5, 1, 1));
        impulse.set(40, 0, 0, 1);
        float[] smoothed = GaussianFilter.smooth(impulse, 2).voxels();
        double sum = 0;
        double variance = 0;
        for (int i = 0; i < n; i++) {
            sum += smoothed[i];
            variance += smoothed[i] * Math.pow((i - 40) * 0.5, 2);
        }
        assertEquals(1, sum, 1e-5, "mass is kept");
        assertEquals(4, variance, 0.1, "sigma 2 mm on 0.5 mm voxels (a little less: the kernel stops at 3 sigma)");
    }

    @Test
    void refusesANegativeWidth() {
        Volume volume = Volume.zeros(new int[] { 2, 2, 2 }, Affine.diagonal(1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> GaussianFilter.smooth(volume, -1));
    }
}

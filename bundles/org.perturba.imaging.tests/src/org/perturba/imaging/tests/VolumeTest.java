package org.perturba.imaging.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.perturba.imaging.Affine;
import org.perturba.imaging.IntensityNormalisation;
import org.perturba.imaging.Volume;

class VolumeTest {
    private final Affine oblique = new Affine(new double[][] { { 0, -2, 0, 10 }, { 1.5, 0, 0.1, -20 }, { 0, 0, 3, 5 } });

    @Test
    void geometryComesFromTheAffine() {
        Volume volume = Volume.zeros(new int[] { 4, 3, 2 }, oblique);
        assertArrayEquals(new double[] { 1.5, 2, Math.sqrt(9.01) }, volume.spacingMm(), 1e-12);
        assertEquals(Math.abs(oblique.determinant()), volume.voxelVolumeMm3(), 1e-12);
        assertEquals("ALS", volume.orientation());
    }

    @Test
    void refusesASingularAffineAndAMismatchedVoxelCount() {
        Affine flat = Affine.diagonal(1, 0, 1);
        String message = assertThrows(IllegalArgumentException.class, () -> Volume.zeros(new int[] { 2, 2, 2 }, flat))
                .getMessage();
        assertTrue(message.contains("singular") && !message.contains("\n"), message);
        assertThrows(IllegalArgumentException.class, () -> new Volume(new int[] { 2, 2, 2 }, oblique, new float[7]));
    }

    @Test
    void aWindowCropsAndPadsAndKeepsEveryVoxelInItsWorldPlace() {
        Volume volume = Volume.zeros(new int[] { 4, 3, 2 }, oblique);
        for (int i = 0; i < volume.voxelCount(); i++) {
            volume.voxels()[i] = i + 1;
        }
        int[] start = { -1, 1, 0 };
        Volume window = volume.window(start, new int[] { 6, 2, 3 }, -5);
        assertArrayEquals(new int[] { 6, 2, 3 }, window.shape());
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < 6; i++) {
                    int si = i + start[0];
                    int sj = j + start[1];
                    int sk = k + start[2];
                    boolean inside = si >= 0 && si < 4 && sj < 3 && sk < 2;
                    assertEquals(inside ? volume.get(si, sj, sk) : -5, window.get(i, j, k), i + "," + j + "," + k);
                }
            }
        }
        assertArrayEquals(volume.affine().apply(2, 2, 1), window.affine().apply(3, 1, 1), 1e-12);
    }

    @Test
    void aCentredWindowSplitsTheDifferenceEvenly() {
        Volume volume = Volume.zeros(new int[] { 5, 4, 3 }, Affine.diagonal(1, 1, 1));
        volume.set(2, 2, 1, 9);
        Volume grown = volume.centredWindow(new int[] { 7, 8, 3 }, 0);
        assertEquals(9, grown.get(3, 4, 1));
        Volume shrunk = volume.centredWindow(new int[] { 3, 2, 1 }, 0);
        assertEquals(9, shrunk.get(1, 1, 0));
        assertArrayEquals(new double[] { 1, 1, 1 }, shrunk.affine().apply(0, 0, 0), 1e-12);
    }

    @Test
    void normalisationMapsRobustPercentilesToZeroAndOne() {
        float[] values = new float[1001];
        for (int i = 0; i < values.length; i++) {
            values[i] = i; // 0 .. 1000, one zero background voxel
        }
        values[1000] = 1e9f; // a hot voxel that min-max scaling would let dominate
        values[500] = Float.NaN;
        Volume volume = new Volume(new int[] { 1001, 1, 1 }, Affine.diagonal(1, 1, 1), values);
        Volume normalised = new IntensityNormalisation(1, 99, true).apply(volume);
        double[] bounds = IntensityNormalisation.percentiles(values, true, 1, 99);
        float[] out = normalised.voxels();
        assertEquals(0, out[0]);
        assertEquals(1, out[1000]);
        assertEquals(0, out[500], "NaN becomes 0");
        assertEquals((400 - bounds[0]) / (bounds[1] - bounds[0]), out[400], 1e-6);
        for (float value : out) {
            assertTrue(value >= 0 && value <= 1, "clipped to [0, 1]: " + value);
        }
        assertThrows(IllegalArgumentException.class, () -> new IntensityNormalisation(50, 50, false));
    }
}

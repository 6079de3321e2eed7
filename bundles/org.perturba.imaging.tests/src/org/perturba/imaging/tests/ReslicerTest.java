package org.perturba.imaging.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Interpolation;
import org.perturba.imaging.Reslicer;
import org.perturba.imaging.Volume;
import org.perturba.imaging.nifti.NiftiReader;

class ReslicerTest {
    @TempDir
    Path dir;

    @Test
    void trilinearReslicingOfRealAnatomyMatchesNibabel() throws IOException {
        assertAgreesWithNibabel(Interpolation.TRILINEAR, "anatomical_trilinear.nii.gz");
    }

    @Test
    void nearestNeighbourReslicingOfRealAnatomyMatchesNibabel() throws IOException {
        assertAgreesWithNibabel(Interpolation.NEAREST, "anatomical_nearest.nii.gz");
    }

    @Test
    void resliceOntoTheSameGridIsTheIdentity() {
        Volume source = ramp(new int[] { 5, 4, 3 }, Affine.diagonal(2, 2, 3));
        for (Interpolation interpolation : Interpolation.values()) {
            Volume copy = Reslicer.reslice(source, source.shape(), source.affine(), interpolation, -1);
            assertArrayEquals(source.voxels(), copy.voxels(), interpolation.name());
        }
    }

    @Test
    void trilinearIsExactForALinearFieldAndNearestKeepsLabels() {
        // values 1 + i + 10 j + 100 k are linear in the world, so trilinear reproduces them exactly
        Volume source = ramp(new int[] { 6, 6, 6 }, Affine.diagonal(2, 2, 2));
        Affine halfVoxels = Affine.diagonal(1, 1, 1).times(Affine.translation(0.5, 0.5, 0.5));
        Volume fine = Reslicer.reslice(source, new int[] { 10, 10, 10 }, halfVoxels, Interpolation.TRILINEAR, -1);
        assertEquals(1 + 0.25 + 10 * 0.25 + 100 * 0.25, fine.get(0, 0, 0), 1e-4);
        assertEquals(1 + 4.75 + 10 * 2.25 + 100 * 4.75, fine.get(9, 4, 9), 1e-4);
        Volume labels = Reslicer.reslice(source, new int[] { 10, 10, 10 }, halfVoxels, Interpolation.NEAREST, -1);
        for (float value : labels.voxels()) {
            assertEquals(Math.rint(value), value, "nearest neighbour never blends");
        }
    }

    @Test
    void pointsOutsideTheSourceGetTheFillValue() {
        Volume source = ramp(new int[] { 3, 3, 3 }, Affine.diagonal(1, 1, 1));
        Volume shifted = Reslicer.reslice(source, new int[] { 3, 3, 3 }, Affine.translation(5, 0, 0),
                Interpolation.TRILINEAR, -7);
        for (float value : shifted.voxels()) {
            assertEquals(-7, value);
        }
    }

    private void assertAgreesWithNibabel(Interpolation interpolation, String reference) throws IOException {
        NiftiReader reader = new NiftiReader();
        Volume source = reader.read(Fixtures.copy("anatomical.nii", dir)).toVolume();
        Volume expected = reader.read(Fixtures.copy(reference, dir)).toVolume();
        Volume actual = Reslicer.reslice(source, expected.shape(), expected.affine(), interpolation, 0);
        int inside = 0;
        for (int i = 0; i < expected.voxelCount(); i++) {
            float want = expected.voxels()[i];
            assertEquals(want, actual.voxels()[i], 1e-3 + Math.abs(want) * 1e-5, reference + " voxel " + i);
            inside += want != 0 ? 1 : 0;
        }
        assertTrue(inside > expected.voxelCount() / 3, "the test grid must overlap the anatomy: " + inside);
    }

    /** Voxel (i, j, k) holds 1 + i + 10 j + 100 k. */
    private static Volume ramp(int[] shape, Affine affine) {
        Volume volume = Volume.zeros(shape, affine);
        for (int k = 0; k < shape[2]; k++) {
            for (int j = 0; j < shape[1]; j++) {
                for (int i = 0; i < shape[0]; i++) {
                    volume.set(i, j, k, 1 + i + 10 * j + 100 * k);
                }
            }
        }
        return volume;
    }
}

package org.perturba.imaging.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;
import org.perturba.imaging.nifti.NiftiDataType;
import org.perturba.imaging.nifti.NiftiHeader;
import org.perturba.imaging.nifti.NiftiImage;
import org.perturba.imaging.nifti.VoxelData;

/**
 * The bulk conversions between float volumes and stored voxels (one loop per type, for speed) give
 * exactly what the voxel-at-a-time accessors give: same rounding, saturation, NaN handling and scaling.
 */
class VoxelConversionTest {
    private static final float[] AWKWARD = { -3, -0.5f, 0, 0.4f, 0.5f, 1.5f, 2.5f, 127.5f, 254.49f, 254.5f, 255,
            300, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -40000, 70000, 1e10f };

    @Test
    void volumesBecomeStoredVoxelsAsSetStoresThem() {
        Volume volume = new Volume(new int[] { AWKWARD.length, 1, 1 }, Affine.diagonal(1, 1, 1), AWKWARD.clone());
        for (NiftiDataType type : NiftiDataType.values()) {
            VoxelData bulk = NiftiImage.of(volume, type, "").data();
            VoxelData single = new VoxelData(type, AWKWARD.length);
            for (int i = 0; i < AWKWARD.length; i++) {
                single.set(i, AWKWARD[i]);
                assertEquals(single.get(i), bulk.get(i), type + " of " + AWKWARD[i]);
            }
        }
    }

    @Test
    void storedVoxelsBecomeScaledFloatsAsValueScalesThem() {
        for (NiftiDataType type : NiftiDataType.values()) {
            for (double[] scaling : new double[][] { { 0, 0 }, { 1, 0 }, { 0.5, -3 }, { 2, 0 }, { 1, 7 } }) {
                VoxelData data = new VoxelData(type, AWKWARD.length);
                for (int i = 0; i < AWKWARD.length; i++) {
                    data.set(i, AWKWARD[i]);
                }
                NiftiHeader plain = NiftiHeader.of(new long[] { AWKWARD.length, 1, 1 }, type, Affine.diagonal(1, 1, 1), "");
                NiftiImage image = new NiftiImage(scaled(plain, scaling[0], scaling[1]), data);
                float[] voxels = image.toVolume().voxels();
                for (int i = 0; i < AWKWARD.length; i++) {
                    assertEquals((float) image.value(i), voxels[i], type + " scaled by " + scaling[0] + ", " + scaling[1]);
                }
            }
        }
    }

    private static NiftiHeader scaled(NiftiHeader h, double slope, double intercept) {
        return new NiftiHeader(h.version(), h.byteOrder(), h.singleFile(), h.dims(), h.dataType(), h.pixdim(),
                h.voxOffset(), slope, intercept, h.qformCode(), h.sformCode(), h.quatern(), h.qoffset(), h.srow(),
                h.xyztUnits(), h.intentCode(), h.description());
    }
}

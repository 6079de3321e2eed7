package org.perturba.imaging.nifti;

import java.util.Arrays;

import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;

/** A NIfTI image as stored: its header and its voxels (all frames), x fastest. */
public record NiftiImage(NiftiHeader header, VoxelData data) {

    public long[] shape() {
        return header.shape();
    }

    public Affine affine() {
        return header.affine();
    }

    /** The scaled (real-world) value of voxel {@code index}. */
    public double value(int index) {
        return header.scale(data.get(index));
    }

    /**
     * The image as a 3D float volume of scaled values. A 4D image with a single frame counts as 3D;
     * images with more frames or dimensions are refused.
     */
    public Volume toVolume() {
        return new Volume(volumeGrid(shape()), affine(),
                data.toFloats(header.isScaled(), header.sclSlope(), header.sclInter()));
    }

    /** The grid of a volume of this shape; refused if the shape holds more than one 3D volume. */
    static int[] volumeGrid(long[] shape) {
        for (int axis = 3; axis < shape.length; axis++) {
            if (shape[axis] != 1) {
                throw new IllegalArgumentException("a " + shape.length + "D image of shape " + Arrays.toString(shape)
                        + " is not a single 3D volume");
            }
        }
        int[] grid = new int[3];
        for (int axis = 0; axis < 3; axis++) {
            grid[axis] = axis < shape.length ? (int) shape[axis] : 1;
        }
        return grid;
    }

    /**
     * A volume as a NIfTI image of the given type, values rounded and saturated for integer types,
     * geometry from its affine (written as sform and qform). A float32 image shares the volume's array
     * (as {@link Volume#voxels()} does): what changes one changes the other.
     */
    public static NiftiImage of(Volume volume, NiftiDataType type, String description) {
        int[] shape = volume.shape();
        VoxelData data = VoxelData.of(type, volume.voxels());
        return new NiftiImage(NiftiHeader.of(new long[] { shape[0], shape[1], shape[2] }, type, volume.affine(),
                description), data);
    }
}

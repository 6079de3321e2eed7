package org.perturba.imaging;

import java.util.Arrays;

/**
 * A 3D scalar image: voxel values on a regular grid with a physical voxel size in millimetres.
 * Voxels are stored x-fastest (NIfTI order) in one float array, so a volume costs its voxel bytes
 * plus a constant.
 */
public final class Volume {
    private final int nx;
    private final int ny;
    private final int nz;
    private final double[] spacingMm;
    private final float[] voxels;

    /**
     * @param shape number of voxels along x, y and z
     * @param spacingMm voxel size along x, y and z in millimetres
     * @param voxels {@code shape[0]*shape[1]*shape[2]} values, x fastest; kept, not copied
     */
    public Volume(int[] shape, double[] spacingMm, float[] voxels) {
        if (shape.length != 3 || spacingMm.length != 3) {
            throw new IllegalArgumentException("a volume needs 3 dimensions and 3 spacings");
        }
        for (int axis = 0; axis < 3; axis++) {
            if (shape[axis] < 1) {
                throw new IllegalArgumentException("dimension " + axis + " is " + shape[axis] + ", must be >= 1");
            }
            if (!(spacingMm[axis] > 0) || !Double.isFinite(spacingMm[axis])) {
                throw new IllegalArgumentException("spacing " + axis + " is " + spacingMm[axis] + ", must be > 0");
            }
        }
        long count = (long) shape[0] * shape[1] * shape[2];
        if (count != voxels.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + count
                    + " voxels, got " + voxels.length);
        }
        this.nx = shape[0];
        this.ny = shape[1];
        this.nz = shape[2];
        this.spacingMm = spacingMm.clone();
        this.voxels = voxels;
    }

    /** An all-zero volume. */
    public static Volume zeros(int[] shape, double[] spacingMm) {
        return new Volume(shape, spacingMm, new float[Math.multiplyExact(Math.multiplyExact(shape[0], shape[1]), shape[2])]);
    }

    public int[] shape() {
        return new int[] { nx, ny, nz };
    }

    public double[] spacingMm() {
        return spacingMm.clone();
    }

    public int voxelCount() {
        return voxels.length;
    }

    /** Physical volume of one voxel in cubic millimetres. */
    public double voxelVolumeMm3() {
        return spacingMm[0] * spacingMm[1] * spacingMm[2];
    }

    public float get(int x, int y, int z) {
        return voxels[index(x, y, z)];
    }

    public void set(int x, int y, int z, float value) {
        voxels[index(x, y, z)] = value;
    }

    /** The backing array, x fastest; shared, not copied. */
    public float[] voxels() {
        return voxels;
    }

    private int index(int x, int y, int z) {
        if (x < 0 || x >= nx || y < 0 || y >= ny || z < 0 || z >= nz) {
            throw new IndexOutOfBoundsException("voxel (" + x + ", " + y + ", " + z + ") outside "
                    + nx + "x" + ny + "x" + nz);
        }
        return x + nx * (y + ny * z);
    }
}

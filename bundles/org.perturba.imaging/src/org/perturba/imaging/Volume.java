package org.perturba.imaging;

import java.util.Arrays;

/**
 * A 3D scalar image: voxel values on a regular grid placed in the world (millimetres, RAS+) by an
 * affine. Voxels are stored x-fastest (NIfTI order) in one float array, so a volume costs its voxel
 * bytes plus a constant; float holds every label and intensity Perturba works with exactly enough
 * (integers exactly up to 2^24).
 */
public final class Volume {
    private final int nx;
    private final int ny;
    private final int nz;
    private final Affine affine;
    private final float[] voxels;

    /**
     * @param shape number of voxels along i, j and k
     * @param affine voxel-to-world transform; must not be singular
     * @param voxels {@code shape[0]*shape[1]*shape[2]} values, i fastest; kept, not copied
     */
    public Volume(int[] shape, Affine affine, float[] voxels) {
        if (shape.length != 3) {
            throw new IllegalArgumentException("a volume needs 3 dimensions, not " + shape.length);
        }
        for (int axis = 0; axis < 3; axis++) {
            if (shape[axis] < 1) {
                throw new IllegalArgumentException("dimension " + axis + " is " + shape[axis] + ", must be >= 1");
            }
        }
        affine.requireInvertible("cannot place the voxels of a volume");
        long count = (long) shape[0] * shape[1] * shape[2];
        if (count != voxels.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + count
                    + " voxels, got " + voxels.length);
        }
        this.nx = shape[0];
        this.ny = shape[1];
        this.nz = shape[2];
        this.affine = affine;
        this.voxels = voxels;
    }

    /** An all-zero volume. */
    public static Volume zeros(int[] shape, Affine affine) {
        return new Volume(shape, affine, new float[Math.multiplyExact(Math.multiplyExact(shape[0], shape[1]), shape[2])]);
    }

    /** A volume of the same grid and affine holding other values. */
    public Volume withVoxels(float[] values) {
        return new Volume(shape(), affine, values);
    }

    public int[] shape() {
        return new int[] { nx, ny, nz };
    }

    public Affine affine() {
        return affine;
    }

    /** Voxel size along i, j and k in millimetres. */
    public double[] spacingMm() {
        return affine.voxelSizes();
    }

    /** The world axis each voxel axis runs along, e.g. {@code RAS}. */
    public String orientation() {
        return affine.orientation();
    }

    public int voxelCount() {
        return voxels.length;
    }

    /** Physical volume of one voxel in cubic millimetres. */
    public double voxelVolumeMm3() {
        return Math.abs(affine.determinant());
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

    /**
     * The window of {@code shape} voxels whose first voxel is this volume's voxel {@code start}:
     * cropped where the window lies inside, padded with {@code fill} where it reaches outside. The
     * affine moves with the window, so every voxel keeps its world position.
     */
    public Volume window(int[] start, int[] shape, float fill) {
        Volume result = new Volume(shape, affine.times(Affine.translation(start[0], start[1], start[2])),
                new float[Math.multiplyExact(Math.multiplyExact(shape[0], shape[1]), shape[2])]);
        Arrays.fill(result.voxels, fill);
        int[] from = new int[3];
        int[] to = new int[3];
        for (int axis = 0; axis < 3; axis++) { // the overlap, in the window's coordinates
            int size = axis == 0 ? nx : axis == 1 ? ny : nz;
            from[axis] = Math.max(0, -start[axis]);
            to[axis] = Math.min(shape[axis], size - start[axis]);
        }
        for (int z = from[2]; z < to[2]; z++) {
            for (int y = from[1]; y < to[1]; y++) {
                if (to[0] > from[0]) {
                    System.arraycopy(voxels, index(start[0] + from[0], start[1] + y, start[2] + z), result.voxels,
                            result.index(from[0], y, z), to[0] - from[0]);
                }
            }
        }
        return result;
    }

    /** The centred window of {@code shape} voxels (see {@link #window}): crops or pads each axis evenly. */
    public Volume centredWindow(int[] shape, float fill) {
        int[] start = { Math.floorDiv(nx - shape[0], 2), Math.floorDiv(ny - shape[1], 2), Math.floorDiv(nz - shape[2], 2) };
        return window(start, shape, fill);
    }

    private int index(int x, int y, int z) {
        if (x < 0 || x >= nx || y < 0 || y >= ny || z < 0 || z >= nz) {
            throw new IndexOutOfBoundsException("voxel (" + x + ", " + y + ", " + z + ") outside "
                    + nx + "x" + ny + "x" + nz);
        }
        return x + nx * (y + ny * z);
    }
}

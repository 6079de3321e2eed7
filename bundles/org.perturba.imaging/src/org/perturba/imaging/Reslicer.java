package org.perturba.imaging;

/**
 * Resamples a volume onto another grid in the same world space, as nibabel's
 * {@code resample_from_to} (scipy {@code map_coordinates}, mode {@code constant}) does: each target
 * voxel centre is mapped into the source grid and sampled there; points outside the source get the
 * fill value.
 */
public final class Reslicer {
    /** Slack for points that fall on the border through rounding of the affines. */
    private static final double BORDER_TOLERANCE = 1e-6;

    private Reslicer() {
    }

    /**
     * @param shape the target grid's voxel counts
     * @param affine the target grid's voxel-to-world transform
     * @param fill the value of target voxels whose centre lies outside the source
     */
    public static Volume reslice(Volume source, int[] shape, Affine affine, Interpolation interpolation, float fill) {
        Volume target = Volume.zeros(shape, affine);
        int[] sourceShape = source.shape();
        float[] in = source.voxels();
        float[] out = target.voxels();
        forEachTargetVoxel(shape, affine, source, (index, x, y, z) -> out[index] = interpolation == Interpolation.NEAREST
                ? nearest(in, sourceShape, x, y, z, fill) : trilinear(in, sourceShape, x, y, z, fill));
        return target;
    }

    /** What is done at each target voxel, given its index (i fastest) and its centre in source voxel coordinates. */
    private interface TargetVoxel {
        void at(int index, double x, double y, double z);
    }

    private static void forEachTargetVoxel(int[] shape, Affine affine, Volume source, TargetVoxel action) {
        // target voxel -> world -> source voxel, one affine; stepping along i adds its first column
        Affine targetToSource = source.affine().inverse().times(affine);
        int index = 0;
        for (int k = 0; k < shape[2]; k++) {
            for (int j = 0; j < shape[1]; j++) {
                double[] point = targetToSource.apply(0, j, k);
                for (int i = 0; i < shape[0]; i++, index++) {
                    action.at(index, point[0] + i * targetToSource.get(0, 0), point[1] + i * targetToSource.get(1, 0),
                            point[2] + i * targetToSource.get(2, 0));
                }
            }
        }
    }

    /**
     * The transpose of trilinear {@link #reslice}: where reslicing reads each target voxel as a
     * weighted sum of source voxels, this adds each target value, with the same weights, into those
     * source voxels. It carries a gradient with respect to the resliced image back to the source
     * image (the chain rule through the resampling).
     *
     * @param targetValues values on the target grid, i fastest
     * @param shape the target grid's voxel counts
     * @param affine the target grid's voxel-to-world transform
     * @param source the grid values are carried back to (only its shape and affine are used)
     * @return values on the source grid, i fastest
     */
    public static float[] trilinearTranspose(float[] targetValues, int[] shape, Affine affine, Volume source) {
        int[] sourceShape = source.shape();
        double[] sums = new double[source.voxelCount()];
        forEachTargetVoxel(shape, affine, source, (index, x, y, z) -> {
            if (targetValues[index] != 0) {
                spread(sums, sourceShape, x, y, z, targetValues[index]);
            }
        });
        float[] out = new float[sums.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) sums[i];
        }
        return out;
    }

    /** Adds {@code value} into the eight voxels {@link #trilinear} reads at {@code (x, y, z)}, with its weights. */
    private static void spread(double[] sums, int[] shape, double x, double y, double z, double value) {
        if (!inside(x, shape[0]) || !inside(y, shape[1]) || !inside(z, shape[2])) {
            return;
        }
        int i = lowerCorner(x, shape[0]);
        int j = lowerCorner(y, shape[1]);
        int k = lowerCorner(z, shape[2]);
        double fx = fraction(x, i, shape[0]);
        double fy = fraction(y, j, shape[1]);
        double fz = fraction(z, k, shape[2]);
        int[] offsets = { 0, shape[0] > 1 ? 1 : 0, shape[1] > 1 ? shape[0] : 0, shape[2] > 1 ? shape[0] * shape[1] : 0 };
        int base = i + shape[0] * (j + shape[1] * k);
        for (int corner = 0; corner < 8; corner++) {
            boolean highX = (corner & 1) != 0;
            boolean highY = (corner & 2) != 0;
            boolean highZ = (corner & 4) != 0;
            double weight = (highX ? fx : 1 - fx) * (highY ? fy : 1 - fy) * (highZ ? fz : 1 - fz);
            sums[base + (highX ? offsets[1] : 0) + (highY ? offsets[2] : 0) + (highZ ? offsets[3] : 0)] += weight * value;
        }
    }

    /**
     * The value of the voxel closest to voxel coordinates {@code (x, y, z)} of an image stored i
     * fastest with {@code shape}, or {@code fill} outside it.
     */
    public static float nearest(float[] in, int[] shape, double x, double y, double z, float fill) {
        int i = (int) Math.floor(x + 0.5);
        int j = (int) Math.floor(y + 0.5);
        int k = (int) Math.floor(z + 0.5);
        if (!inside(x, shape[0]) || !inside(y, shape[1]) || !inside(z, shape[2])) {
            return fill;
        }
        return in[Math.min(i, shape[0] - 1) + shape[0] * (Math.min(j, shape[1] - 1) + shape[1] * Math.min(k, shape[2] - 1))];
    }

    /**
     * The trilinear interpolation at voxel coordinates {@code (x, y, z)} of an image stored i
     * fastest with {@code shape}, or {@code fill} outside it.
     */
    public static float trilinear(float[] in, int[] shape, double x, double y, double z, float fill) {
        if (!inside(x, shape[0]) || !inside(y, shape[1]) || !inside(z, shape[2])) {
            return fill;
        }
        int i = lowerCorner(x, shape[0]);
        int j = lowerCorner(y, shape[1]);
        int k = lowerCorner(z, shape[2]);
        double fx = fraction(x, i, shape[0]);
        double fy = fraction(y, j, shape[1]);
        double fz = fraction(z, k, shape[2]);
        int di = shape[0] > 1 ? 1 : 0;
        int dj = shape[1] > 1 ? shape[0] : 0;
        int dk = shape[2] > 1 ? shape[0] * shape[1] : 0;
        int base = i + shape[0] * (j + shape[1] * k);
        double c00 = in[base] + fx * (in[base + di] - in[base]);
        double c10 = in[base + dj] + fx * (in[base + dj + di] - in[base + dj]);
        double c01 = in[base + dk] + fx * (in[base + dk + di] - in[base + dk]);
        double c11 = in[base + dk + dj] + fx * (in[base + dk + dj + di] - in[base + dk + dj]);
        double c0 = c00 + fy * (c10 - c00);
        double c1 = c01 + fy * (c11 - c01);
        return (float) (c0 + fz * (c1 - c0));
    }

    /** Whether a coordinate lies within the voxel centres {@code 0 .. n-1}. */
    private static boolean inside(double coordinate, int n) {
        return coordinate >= -BORDER_TOLERANCE && coordinate <= n - 1 + BORDER_TOLERANCE;
    }

    /** The lower of the two voxels that bracket a coordinate, kept so that its neighbour exists. */
    private static int lowerCorner(double coordinate, int n) {
        return Math.max(0, Math.min((int) Math.floor(coordinate), n - 2));
    }

    private static double fraction(double coordinate, int lower, int n) {
        return n > 1 ? Math.max(0, Math.min(1, coordinate - lower)) : 0;
    }
}

package org.perturba.imaging;

/**
 * Separable Gaussian smoothing in millimetres (the kernel follows each axis's voxel size), with
 * edges renormalised so that a constant image stays constant. Used before sampling a fine image on
 * a coarse grid, where it stands in for the partial-volume averaging of a real acquisition.
 */
public final class GaussianFilter {
    /** Kernels are cut at this many standard deviations. */
    private static final double TRUNCATE = 3;

    private GaussianFilter() {
    }

    public static Volume smooth(Volume volume, double sigmaMm) {
        if (!(sigmaMm >= 0) || !Double.isFinite(sigmaMm)) {
            throw new IllegalArgumentException("sigma must be >= 0 mm, not " + sigmaMm);
        }
        int[] shape = volume.shape();
        double[] spacing = volume.spacingMm();
        float[] values = volume.voxels().clone();
        int[] strides = { 1, shape[0], shape[0] * shape[1] };
        for (int axis = 0; axis < 3; axis++) {
            double sigmaVoxels = sigmaMm / spacing[axis];
            if (sigmaVoxels > 0.1) {
                values = smoothAxis(values, shape, strides, axis, kernel(sigmaVoxels));
            }
        }
        return volume.withVoxels(values);
    }

    private static double[] kernel(double sigmaVoxels) {
        int radius = (int) Math.ceil(TRUNCATE * sigmaVoxels);
        double[] weights = new double[2 * radius + 1];
        for (int offset = -radius; offset <= radius; offset++) {
            weights[offset + radius] = Math.exp(-0.5 * offset * offset / (sigmaVoxels * sigmaVoxels));
        }
        return weights;
    }

    private static float[] smoothAxis(float[] in, int[] shape, int[] strides, int axis, double[] weights) {
        float[] out = new float[in.length];
        int radius = weights.length / 2;
        int length = shape[axis];
        int stride = strides[axis];
        for (int start = 0; start < in.length; start++) {
            int position = start / stride % length;
            double sum = 0;
            double weightSum = 0;
            for (int offset = Math.max(-radius, -position); offset <= Math.min(radius, length - 1 - position); offset++) {
                double weight = weights[offset + radius];
                sum += weight * in[start + offset * stride];
                weightSum += weight;
            }
            out[start] = (float) (sum / weightSum);
        }
        return out;
    }
}

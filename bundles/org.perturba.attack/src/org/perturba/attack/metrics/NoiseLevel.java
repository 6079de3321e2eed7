package org.perturba.attack.metrics;

import java.util.Arrays;

/**
 * The standard deviation of an image's own noise, estimated robustly inside a mask: a 3D form of
 * Immerkær's estimator (1996) with a median instead of a mean. The high-pass residual is the
 * product of second differences [1, -2, 1] along x, y and z (27 taps, sum of squared weights
 * 6³ = 216), which cancels any intensity that is linear along one of the axes, so smooth anatomy
 * leaves little and white noise of deviation σ leaves a residual of deviation σ·√216. The residual's
 * median absolute value times 1.4826 (1 / Φ⁻¹(3/4), exact for Gaussian noise) then reads σ off it
 * without being pulled up by the edges between tissues, which affect a minority of voxels.
 * Only voxels whose whole 3×3×3 neighbourhood lies in the mask count: the brain's border with the
 * background is an edge, not noise.
 */
public final class NoiseLevel {
    private static final double RESIDUAL_SCALE = Math.sqrt(216);
    private static final double GAUSSIAN_MAD = 1.4826;
    private static final int[] SECOND_DIFFERENCE = { 1, -2, 1 };

    private NoiseLevel() {
    }

    /**
     * @param shape the grid of the image and the mask, x fastest
     * @return the noise's standard deviation: 0 for a noise-free (piecewise linear) image, NaN when no
     *         voxel has its neighbourhood inside the mask
     */
    public static double sigma(float[] image, boolean[] mask, int[] shape) {
        int nx = shape[0];
        int ny = shape[1];
        int nz = shape[2];
        if (image.length != nx * ny * nz || mask.length != image.length) {
            throw new IllegalArgumentException("an image of " + image.length + " and a mask of " + mask.length
                    + " voxels on a grid of " + Arrays.toString(shape));
        }
        double[] residuals = new double[image.length];
        int count = 0;
        for (int z = 1; z < nz - 1; z++) {
            for (int y = 1; y < ny - 1; y++) {
                for (int x = 1; x < nx - 1; x++) {
                    double residual = 0;
                    boolean inside = true;
                    for (int dz = -1; dz <= 1 && inside; dz++) {
                        for (int dy = -1; dy <= 1 && inside; dy++) {
                            for (int dx = -1; dx <= 1; dx++) {
                                int index = (x + dx) + nx * ((y + dy) + ny * (z + dz));
                                if (!mask[index]) {
                                    inside = false;
                                    break;
                                }
                                residual += SECOND_DIFFERENCE[dx + 1] * SECOND_DIFFERENCE[dy + 1] * SECOND_DIFFERENCE[dz + 1]
                                        * (double) image[index];
                            }
                        }
                    }
                    if (inside) {
                        residuals[count++] = Math.abs(residual);
                    }
                }
            }
        }
        if (count == 0) {
            return Double.NaN;
        }
        double[] absolute = Arrays.copyOf(residuals, count);
        Arrays.sort(absolute);
        double median = count % 2 == 1 ? absolute[count / 2] : (absolute[count / 2 - 1] + absolute[count / 2]) / 2;
        return GAUSSIAN_MAD * median / RESIDUAL_SCALE;
    }
}

package org.perturba.attack.metrics;

import java.util.Arrays;

import org.perturba.imaging.Affine;
import org.perturba.imaging.GaussianFilter;
import org.perturba.imaging.Volume;

/**
 * How visible a perturbation is: its largest voxel change (L∞), its Euclidean size (L2), the peak
 * signal-to-noise ratio of the adversarial image against the clean one (PSNR, dB, for intensities
 * normalised to [0, 1]), their structural similarity (SSIM of Wang et al. 2004 in 3D: Gaussian
 * window of 1.5 voxels, K1 = 0.01, K2 = 0.03) and the budget relative to the image's own noise.
 * PSNR and SSIM are measured inside the brain, where a reader looks and where a brain-only attack
 * acts; over the whole volume the unchanged background inflates PSNR by 10·log10(volume / brain)
 * and pulls SSIM towards 1, so those figures are kept under their own names only for comparison.
 *
 * @param psnrBrainDb PSNR with the mean squared error over the brain voxels; positive infinity when
 *        they did not change
 * @param ssimBrain the SSIM map averaged over the brain voxels (each window still sees its neighbours)
 * @param psnrVolumeDb PSNR with the mean squared error over every voxel of the volume
 * @param ssimVolume the SSIM map averaged over every voxel of the volume
 * @param epsilonOverNoise the attack's budget divided by the clean image's noise deviation
 *        ({@link NoiseLevel}): below 1 the budget is smaller than the noise already in the image;
 *        positive infinity for a noise-free image, NaN when the brain is too small to measure its noise
 */
public record Perceptibility(double lInf, double l2, double psnrBrainDb, double ssimBrain, double psnrVolumeDb, double ssimVolume,
        double epsilonOverNoise) {
    private static final double DATA_RANGE = 1;
    private static final double WINDOW_SIGMA_VOXELS = 1.5;
    private static final double C1 = Math.pow(0.01 * DATA_RANGE, 2);
    private static final double C2 = Math.pow(0.03 * DATA_RANGE, 2);

    /**
     * @param brain true inside the subject's brain; with no brain voxel the brain figures are NaN
     * @param shape the voxel grid of the images and the mask, x fastest
     * @param epsilon the attack's budget, in the images' intensity units
     */
    public static Perceptibility of(float[] clean, float[] adversarial, boolean[] brain, int[] shape, double epsilon) {
        if (clean.length != adversarial.length || clean.length != brain.length || clean.length != shape[0] * shape[1] * shape[2]) {
            throw new IllegalArgumentException("images of " + clean.length + " and " + adversarial.length + " voxels and a mask of "
                    + brain.length + " on a grid of " + Arrays.toString(shape));
        }
        double lInf = 0;
        double squares = 0;
        double brainSquares = 0;
        int brainVoxels = 0;
        for (int i = 0; i < clean.length; i++) {
            double difference = (double) adversarial[i] - clean[i];
            lInf = Math.max(lInf, Math.abs(difference));
            squares += difference * difference;
            if (brain[i]) {
                brainSquares += difference * difference;
                brainVoxels++;
            }
        }
        double[] ssim = ssimMeans(clean, adversarial, brain, shape);
        return new Perceptibility(lInf, Math.sqrt(squares), brainVoxels == 0 ? Double.NaN : psnr(brainSquares / brainVoxels), ssim[0],
                psnr(squares / clean.length), ssim[1], epsilon / NoiseLevel.sigma(clean, brain, shape));
    }

    private static double psnr(double mse) {
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(DATA_RANGE * DATA_RANGE / mse);
    }

    /** The SSIM map's mean over the brain voxels (NaN when none) and over the whole volume. */
    private static double[] ssimMeans(float[] x, float[] y, boolean[] brain, int[] shape) {
        int n = x.length;
        float[] xx = new float[n];
        float[] yy = new float[n];
        float[] xy = new float[n];
        for (int i = 0; i < n; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        float[] meanX = window(x, shape);
        float[] meanY = window(y, shape);
        float[] meanXX = window(xx, shape);
        float[] meanYY = window(yy, shape);
        float[] meanXY = window(xy, shape);
        double sum = 0;
        double brainSum = 0;
        int brainVoxels = 0;
        for (int i = 0; i < n; i++) {
            double mx = meanX[i];
            double my = meanY[i];
            double varianceX = meanXX[i] - mx * mx;
            double varianceY = meanYY[i] - my * my;
            double covariance = meanXY[i] - mx * my;
            double local = (2 * mx * my + C1) * (2 * covariance + C2) / ((mx * mx + my * my + C1) * (varianceX + varianceY + C2));
            sum += local;
            if (brain[i]) {
                brainSum += local;
                brainVoxels++;
            }
        }
        return new double[] { brainVoxels == 0 ? Double.NaN : brainSum / brainVoxels, sum / n };
    }

    /** Local means under the Gaussian window (voxel units: the grid is taken as isotropic). */
    private static float[] window(float[] values, int[] shape) {
        Volume volume = new Volume(shape, Affine.diagonal(1, 1, 1), values);
        return GaussianFilter.smooth(volume, WINDOW_SIGMA_VOXELS).voxels();
    }
}

package org.perturba.attack.metrics;

import java.util.Arrays;

import org.perturba.imaging.Affine;
import org.perturba.imaging.GaussianFilter;
import org.perturba.imaging.Volume;

/**
 * How visible a perturbation is: its largest voxel change (L∞), its Euclidean size (L2), the peak
 * signal-to-noise ratio of the adversarial image against the clean one (PSNR, dB, for intensities
 * normalised to [0, 1]) and their structural similarity (SSIM of Wang et al. 2004 in 3D: Gaussian
 * window of 1.5 voxels, K1 = 0.01, K2 = 0.03, averaged over the voxels).
 *
 * @param psnrDb positive infinity for identical images
 */
public record Perceptibility(double lInf, double l2, double psnrDb, double ssim) {
    private static final double DATA_RANGE = 1;
    private static final double WINDOW_SIGMA_VOXELS = 1.5;
    private static final double C1 = Math.pow(0.01 * DATA_RANGE, 2);
    private static final double C2 = Math.pow(0.03 * DATA_RANGE, 2);

    /** @param shape the voxel grid both images lie on, x fastest */
    public static Perceptibility of(float[] clean, float[] adversarial, int[] shape) {
        if (clean.length != adversarial.length || clean.length != shape[0] * shape[1] * shape[2]) {
            throw new IllegalArgumentException("images of " + clean.length + " and " + adversarial.length
                    + " voxels on a grid of " + Arrays.toString(shape));
        }
        double lInf = 0;
        double squares = 0;
        for (int i = 0; i < clean.length; i++) {
            double difference = (double) adversarial[i] - clean[i];
            lInf = Math.max(lInf, Math.abs(difference));
            squares += difference * difference;
        }
        double mse = squares / clean.length;
        double psnr = mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(DATA_RANGE * DATA_RANGE / mse);
        return new Perceptibility(lInf, Math.sqrt(squares), psnr, ssim(clean, adversarial, shape));
    }

    private static double ssim(float[] x, float[] y, int[] shape) {
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
        for (int i = 0; i < n; i++) {
            double mx = meanX[i];
            double my = meanY[i];
            double varianceX = meanXX[i] - mx * mx;
            double varianceY = meanYY[i] - my * my;
            double covariance = meanXY[i] - mx * my;
            sum += (2 * mx * my + C1) * (2 * covariance + C2)
                    / ((mx * mx + my * my + C1) * (varianceX + varianceY + C2));
        }
        return sum / n;
    }

    /** Local means under the Gaussian window (voxel units: the grid is taken as isotropic). */
    private static float[] window(float[] values, int[] shape) {
        Volume volume = new Volume(shape, Affine.diagonal(1, 1, 1), values);
        return GaussianFilter.smooth(volume, WINDOW_SIGMA_VOXELS).voxels();
    }
}

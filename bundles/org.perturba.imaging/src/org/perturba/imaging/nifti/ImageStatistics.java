package org.perturba.imaging.nifti;

/**
 * Summary statistics of an image's scaled values over all its voxels (every frame): extremes and
 * mean of the finite values, and how many are NaN or infinite.
 *
 * @param min smallest finite value, NaN when there is none
 * @param max largest finite value, NaN when there is none
 * @param mean mean of the finite values, NaN when there is none
 */
public record ImageStatistics(long voxels, long nonFinite, double min, double max, double mean) {

    public static ImageStatistics of(NiftiImage image) {
        int size = image.data().size();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        long nonFinite = 0;
        for (int i = 0; i < size; i++) {
            double value = image.value(i);
            if (Double.isFinite(value)) {
                min = Math.min(min, value);
                max = Math.max(max, value);
                sum += value;
            } else {
                nonFinite++;
            }
        }
        long finite = size - nonFinite;
        return finite == 0 ? new ImageStatistics(size, nonFinite, Double.NaN, Double.NaN, Double.NaN)
                : new ImageStatistics(size, nonFinite, min, max, sum / finite);
    }
}

package org.perturba.anatomy.segmentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.ContextFeatures;
import org.perturba.anatomy.DifferentiableContextExtractor;
import org.perturba.anatomy.LabelMap;
import org.perturba.imaging.Volume;

/**
 * Regional volumes measured through a {@link SoftSegmenter}, with {@code p[r][v]} the probability
 * of region {@code r} at voxel {@code v} and {@code w} the voxel volume in mm³ given by the image's
 * affine ({@code |det A|}). Features, for the segmenter's regions in its order:
 * <ul>
 * <li>{@code volume:<region>} = {@code V_r = w * sum_v p[r][v]}, in mm³ (the soft volume);</li>
 * <li>then {@code fraction:<region>} = {@code V_r / ICV}, without unit, where the intracranial
 * volume {@code ICV = sum_r V_r} counts every region but the background.</li>
 * </ul>
 * Every feature is a function of the volumes alone, so the derivatives are the segmenter's
 * vector-Jacobian product with a cotangent that is constant over the voxels of each region's row.
 * Label maps are ignored. Thread-safe as long as the segmenter is (its only state is a cache of recent
 * measurements).
 */
final class SegmentedVolumes implements DifferentiableContextExtractor {
    static final String VOLUME_PREFIX = "volume:";
    static final String FRACTION_PREFIX = "fraction:";

    /** Enough for the images of one attack batch (extracted, then differentiated at the same images). */
    private static final int REMEMBERED_IMAGES = 16;

    private final SoftSegmenter segmenter;
    private final List<String> regions;
    private final List<String> names = new ArrayList<>();
    /**
     * The volumes of the images measured last: an attack step extracts an image's features and then
     * differentiates at the same image, whose product needs its volumes again, and every measurement
     * is a network's forward pass. Keyed by the voxels' values, so a hit is always the same function value.
     */
    private final Map<MeasuredImage, double[]> recent = new LinkedHashMap<>(REMEMBERED_IMAGES, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<MeasuredImage, double[]> eldest) {
            return size() > REMEMBERED_IMAGES;
        }
    };

    SegmentedVolumes(SoftSegmenter segmenter) {
        this.segmenter = Objects.requireNonNull(segmenter, "segmenter");
        this.regions = List.copyOf(segmenter.regions());
        regions.forEach(region -> names.add(VOLUME_PREFIX + region));
        regions.forEach(region -> names.add(FRACTION_PREFIX + region));
    }

    @Override
    public ContextFeatures extract(Volume image, Optional<LabelMap> labels) throws ContextExtractionException {
        double[] volumes = volumes(image);
        double icv = icv(volumes);
        double[] features = Arrays.copyOf(volumes, names.size());
        for (int r = 0; r < volumes.length; r++) {
            features[volumes.length + r] = volumes[r] / icv;
        }
        return new ContextFeatures(names, features);
    }

    /**
     * The segmenter has no forward-mode product, so the Jacobian of the volumes is built row by row:
     * one vector-Jacobian product per region gives {@code dV_r/dimage}; the fractions need no more,
     * being functions of the volumes (a Jacobian of 2R rows from R products).
     */
    @Override
    public double[] jacobianVectorProduct(Volume image, Optional<LabelMap> labels, double[] tangent)
            throws ContextExtractionException {
        checkLength(tangent.length, image.voxelCount(), "tangent values for voxels");
        double[] volumes = volumes(image);
        double icv = icv(volumes);
        double[] volumeChanges = new double[regions.size()];
        for (int r = 0; r < volumeChanges.length; r++) {
            double[] rowWeights = new double[regions.size()];
            rowWeights[r] = 1;
            volumeChanges[r] = dot(volumeGradient(image, rowWeights), tangent);
        }
        double icvChange = Arrays.stream(volumeChanges).sum();
        double[] product = Arrays.copyOf(volumeChanges, names.size());
        for (int r = 0; r < volumes.length; r++) {
            product[volumes.length + r] = volumeChanges[r] / icv - volumes[r] * icvChange / (icv * icv);
        }
        return product;
    }

    /**
     * With {@code c} the volume weights and {@code d} the fraction weights, the weight of each
     * volume is {@code a_s = c_s + d_s / ICV - (sum_r d_r V_r) / ICV²} (the last term through ICV).
     */
    @Override
    public double[] vectorJacobianProduct(Volume image, Optional<LabelMap> labels, double[] cotangent)
            throws ContextExtractionException {
        checkLength(cotangent.length, names.size(), "weights for features");
        double[] volumes = volumes(image);
        double icv = icv(volumes);
        int count = regions.size();
        double weightedFractions = 0;
        for (int r = 0; r < count; r++) {
            weightedFractions += cotangent[count + r] * volumes[r];
        }
        double[] volumeWeights = new double[count];
        for (int s = 0; s < count; s++) {
            volumeWeights[s] = cotangent[s] + cotangent[count + s] / icv - weightedFractions / (icv * icv);
        }
        return volumeGradient(image, volumeWeights);
    }

    /** {@code V_r} for every region, in mm³. */
    private double[] volumes(Volume image) throws ContextExtractionException {
        MeasuredImage key = new MeasuredImage(image.voxels().clone(), image.voxelVolumeMm3());
        synchronized (recent) {
            double[] known = recent.get(key);
            if (known != null) {
                return known.clone();
            }
        }
        double[] volumes = measure(image);
        synchronized (recent) {
            recent.put(key, volumes.clone());
        }
        return volumes;
    }

    private double[] measure(Volume image) throws ContextExtractionException {
        double[][] probabilities = segmenter.probabilities(checkGrid(image));
        double voxelMm3 = image.voxelVolumeMm3();
        double[] volumes = new double[regions.size()];
        for (int r = 0; r < volumes.length; r++) {
            volumes[r] = voxelMm3 * Arrays.stream(probabilities[r + 1]).sum();
        }
        return volumes;
    }

    /** The gradient of {@code sum_r weights[r] * V_r}: row r + 1 of the cotangent is {@code w * weights[r]}. */
    private double[] volumeGradient(Volume image, double[] weights) throws ContextExtractionException {
        double voxelMm3 = image.voxelVolumeMm3();
        double[][] cotangent = new double[regions.size() + 1][image.voxelCount()];
        for (int r = 0; r < weights.length; r++) {
            Arrays.fill(cotangent[r + 1], voxelMm3 * weights[r]);
        }
        return segmenter.vectorJacobianProduct(image, cotangent);
    }

    /** An image as the volumes depend on it: its voxel values and its voxel size. */
    private record MeasuredImage(float[] voxels, double voxelMm3) {
        @Override
        public boolean equals(Object other) {
            return other instanceof MeasuredImage image && image.voxelMm3 == voxelMm3 && Arrays.equals(image.voxels, voxels);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(voxels) + Double.hashCode(voxelMm3);
        }
    }

    private static double icv(double[] volumes) throws ContextExtractionException {
        double icv = Arrays.stream(volumes).sum();
        if (!(icv > 0)) {
            throw new ContextExtractionException("the segmenter finds no intracranial volume in the image (" + icv
                    + " mm³): volume fractions are undefined");
        }
        return icv;
    }

    private Volume checkGrid(Volume image) throws ContextExtractionException {
        int[] grid = segmenter.grid();
        if (!Arrays.equals(grid, image.shape())) {
            throw new ContextExtractionException("the segmenter works on a " + shape(grid) + " grid, the image is "
                    + shape(image.shape()) + ": resample the image to the segmenter's grid");
        }
        return image;
    }

    private static String shape(int[] shape) {
        return shape[0] + "x" + shape[1] + "x" + shape[2];
    }

    private static void checkLength(int length, int expected, String what) {
        if (length != expected) {
            throw new IllegalArgumentException(length + " " + what + ", expected " + expected);
        }
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}

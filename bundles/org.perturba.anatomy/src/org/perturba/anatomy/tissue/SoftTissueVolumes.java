package org.perturba.anatomy.tissue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.LabelMap;
import org.perturba.anatomy.labels.Labels;

/**
 * Regional tissue volumes measured from the image itself, smoothly: each labelled voxel is tissue
 * with probability {@code p(I) = sigmoid((I - threshold) / width)} of its normalised intensity
 * {@code I}, and fluid with {@code 1 - p}. Features, in mm³: the tissue volume of every region (in
 * ascending label order), then the fluid volume of the whole labelled brain, which grows as the
 * ventricles and sulci widen. Every feature is a smooth function of the image, with exact
 * Jacobian-vector and vector-Jacobian products; arithmetic is in double precision.
 */
public final class SoftTissueVolumes {
    /** The name of the last feature, the fluid within all labelled regions. */
    public static final String FLUID_FEATURE = "fluid:labelled-brain";

    private final double threshold;
    private final double width;
    private final double voxelMm3;
    /** For every voxel, the index of its region among the features, or -1 for background. */
    private final int[] region;
    private final List<String> names = new ArrayList<>();

    /**
     * @param threshold normalised intensity at which a voxel is half tissue, half fluid
     * @param width how gradually tissue turns into fluid around the threshold (> 0)
     */
    public SoftTissueVolumes(LabelMap labels, double threshold, double width) throws ContextExtractionException {
        if (!(width > 0) || !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("width must be > 0 and threshold finite, got " + width + ", " + threshold);
        }
        this.threshold = threshold;
        this.width = width;
        this.voxelMm3 = labels.labels().voxelVolumeMm3();
        float[] values = labels.labels().voxels();
        TreeMap<Integer, Integer> featureOfLabel = new TreeMap<>();
        for (float value : values) {
            int label = Labels.of(value);
            if (label != 0) {
                featureOfLabel.put(label, 0);
            }
        }
        int feature = 0;
        for (var entry : featureOfLabel.entrySet()) {
            entry.setValue(feature++);
            names.add("tissue:" + labels.name(entry.getKey()));
        }
        names.add(FLUID_FEATURE);
        region = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            region[i] = values[i] == 0 ? -1 : featureOfLabel.get(Math.round(values[i]));
        }
    }

    public List<String> names() {
        return List.copyOf(names);
    }

    public double[] features(double[] image) {
        checkLength(image);
        double[] features = new double[names.size()];
        int fluid = features.length - 1;
        for (int i = 0; i < image.length; i++) {
            if (region[i] >= 0) {
                double tissue = tissueProbability(image[i]);
                features[region[i]] += voxelMm3 * tissue;
                features[fluid] += voxelMm3 * (1 - tissue);
            }
        }
        return features;
    }

    /** The change of every feature along {@code tangent}. */
    public double[] jacobianVectorProduct(double[] image, double[] tangent) {
        checkLength(image);
        checkLength(tangent);
        double[] product = new double[names.size()];
        int fluid = product.length - 1;
        for (int i = 0; i < image.length; i++) {
            if (region[i] >= 0) {
                double change = voxelMm3 * slope(image[i]) * tangent[i];
                product[region[i]] += change;
                product[fluid] -= change;
            }
        }
        return product;
    }

    /** The gradient with respect to every voxel of the features weighted by {@code cotangent}. */
    public double[] vectorJacobianProduct(double[] image, double[] cotangent) {
        checkLength(image);
        if (cotangent.length != names.size()) {
            throw new IllegalArgumentException(cotangent.length + " weights for " + names.size() + " features");
        }
        double fluidWeight = cotangent[cotangent.length - 1];
        double[] gradient = new double[image.length];
        for (int i = 0; i < image.length; i++) {
            if (region[i] >= 0) {
                gradient[i] = voxelMm3 * slope(image[i]) * (cotangent[region[i]] - fluidWeight);
            }
        }
        return gradient;
    }

    private double tissueProbability(double intensity) {
        return 1 / (1 + Math.exp(-(intensity - threshold) / width));
    }

    /** d p / d I = p (1 - p) / width. */
    private double slope(double intensity) {
        double p = tissueProbability(intensity);
        return p * (1 - p) / width;
    }

    private void checkLength(double[] values) {
        if (values.length != region.length) {
            throw new IllegalArgumentException(values.length + " values for a grid of " + region.length + " voxels");
        }
    }
}

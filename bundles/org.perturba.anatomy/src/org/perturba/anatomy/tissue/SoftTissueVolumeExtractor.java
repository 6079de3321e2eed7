package org.perturba.anatomy.tissue;

import java.util.Optional;

import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.ContextFeatures;
import org.perturba.anatomy.DifferentiableContextExtractor;
import org.perturba.anatomy.LabelMap;
import org.perturba.anatomy.labels.Labels;
import org.perturba.imaging.Volume;

/**
 * The {@code soft-tissue-volumes} context: {@link SoftTissueVolumes} inside the regions of the
 * subject's label map, for images normalised to [0, 1]. The threshold sits between fluid and grey
 * matter on a T1 normalised by robust percentiles (CSF near 0.2, grey matter near 0.55).
 */
public final class SoftTissueVolumeExtractor implements DifferentiableContextExtractor {
    static final double THRESHOLD = 0.35;
    static final double WIDTH = 0.05;

    @Override
    public ContextFeatures extract(Volume image, Optional<LabelMap> labels) throws ContextExtractionException {
        SoftTissueVolumes volumes = model(image, labels);
        return new ContextFeatures(volumes.names(), volumes.features(toDouble(image.voxels())));
    }

    @Override
    public double[] jacobianVectorProduct(Volume image, Optional<LabelMap> labels, double[] tangent)
            throws ContextExtractionException {
        return model(image, labels).jacobianVectorProduct(toDouble(image.voxels()), tangent);
    }

    @Override
    public double[] vectorJacobianProduct(Volume image, Optional<LabelMap> labels, double[] cotangent)
            throws ContextExtractionException {
        return model(image, labels).vectorJacobianProduct(toDouble(image.voxels()), cotangent);
    }

    private static SoftTissueVolumes model(Volume image, Optional<LabelMap> labels) throws ContextExtractionException {
        return new SoftTissueVolumes(Labels.require(image, labels, "soft-tissue-volumes"), THRESHOLD, WIDTH);
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}

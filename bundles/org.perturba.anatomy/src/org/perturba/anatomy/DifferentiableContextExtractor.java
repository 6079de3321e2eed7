package org.perturba.anatomy;

import java.util.Optional;

import org.perturba.imaging.Volume;

/**
 * A context extractor whose features are a differentiable function of the image, so that an attack
 * on a hybrid model can follow the gradient through the context path as well as through the CNN.
 * Both products are exact derivatives at {@code image}, not finite differences.
 */
public interface DifferentiableContextExtractor extends ContextExtractor {

    /** Jacobian-vector product: how each feature changes along {@code tangent} (one value per voxel). */
    double[] jacobianVectorProduct(Volume image, Optional<LabelMap> labels, double[] tangent)
            throws ContextExtractionException;

    /**
     * Vector-Jacobian product: the gradient, with respect to every voxel, of the features weighted by
     * {@code cotangent} (what back-propagation through the context path needs).
     */
    double[] vectorJacobianProduct(Volume image, Optional<LabelMap> labels, double[] cotangent)
            throws ContextExtractionException;
}

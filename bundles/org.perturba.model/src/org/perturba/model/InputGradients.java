package org.perturba.model;

import java.util.Optional;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The gradient of each example's predicted age (in years) with respect to its inputs: same shapes
 * as the {@link ModelInput} it was computed for.
 */
public record InputGradients(INDArray images, Optional<INDArray> context) {
}

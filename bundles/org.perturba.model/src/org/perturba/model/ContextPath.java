package org.perturba.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How a hybrid model's standardised context features are computed from its images, differentiably.
 * An adaptive attacker needs both directions: the features of every candidate
 * image, and the back-propagation of the model's context gradient to the voxels, so that the total
 * image gradient is {@code d age/d image + (d context/d image)^T d age/d context}.
 */
public interface ContextPath {

    /**
     * @param images {@code [n, 1, x, y, z]}
     * @return {@code [n, features]} standardised features, in the images' data type
     */
    INDArray features(INDArray images);

    /**
     * Vector-Jacobian product through the context path.
     *
     * @param images {@code [n, 1, x, y, z]}, the point at which to differentiate
     * @param contextGradient {@code [n, features]}: the gradient of some scalar with respect to each
     *        example's standardised features
     * @return {@code [n, 1, x, y, z]}: the gradient of that scalar with respect to the voxels, through
     *         the features only
     */
    INDArray backpropagate(INDArray images, INDArray contextGradient);

    /** The same path for a batch of some of its examples, in the order given (a mini-batch of a fit set). */
    ContextPath rows(int[] examples);
}

package org.perturba.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model that predicts brain age in years from T1 images. Images are batches shaped
 * {@code [n, 1, x, y, z]} with intensities normalised to [0, 1] on the model's input grid.
 */
public interface BrainAgeModel {

    /** Grid the model was built for: number of voxels along x, y and z. */
    int[] inputGrid();

    /** Predicted age in years for every image of the batch. */
    double[] predictAges(INDArray images);

    /**
     * Gradient of each image's predicted age with respect to its voxels, same shape as
     * {@code images}: the raw material of gradient-based attacks.
     */
    INDArray ageGradient(INDArray images);
}

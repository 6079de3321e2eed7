package org.perturba.model;

/**
 * A model that predicts brain age in years from a T1 image and, for hybrid models, anatomical
 * context features. Gradients are exact (back-propagation), in inference mode: the raw material of
 * every attack. Trained by Perturba ({@link GraphBrainAgeModel}) or imported.
 */
public interface BrainAgeModel {

    ModelMetadata metadata();

    /** Predicted age in years for every example of the batch. */
    double[] predictAges(ModelInput input);

    /** The gradient of each example's predicted age with respect to its image and context. */
    InputGradients ageGradients(ModelInput input);

    /**
     * The SHA-256 of what the predictions depend on besides the input (the weights): two models of
     * equal identity and metadata predict alike, so results measured on one stand for the other.
     */
    String identity();
}

package org.perturba.model;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A model that predicts brain age in years from a T1 image and, for hybrid models, anatomical
 * context features. Gradients are exact (back-propagation), in inference mode: the raw material of
 * every attack.
 */
public interface BrainAgeModel {

    ModelMetadata metadata();

    /** Predicted age in years for every example of the batch. */
    double[] predictAges(ModelInput input);

    /** The gradient of each example's predicted age with respect to its image and context. */
    InputGradients ageGradients(ModelInput input);

    /** The underlying network, for training and persistence. */
    ComputationGraph network();
}

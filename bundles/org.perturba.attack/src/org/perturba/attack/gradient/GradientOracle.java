package org.perturba.attack.gradient;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelInput;

/**
 * The model as an attack sees it: predicted ages and their gradient with respect to candidate
 * images. Separates what is attacked (image only with the context fixed, or image and context path
 * together) from how the attack searches.
 */
public interface GradientOracle {

    /** Predicted ages of the candidate images. */
    double[] ages(INDArray images);

    /** d age / d image for every example, {@code [n, 1, x, y, z]}. */
    INDArray ageGradient(INDArray images);

    /**
     * Threat model 1: the context features (if any) come from a separate pipeline and stay as in
     * {@code input}; only the voxels are attacked.
     */
    static GradientOracle fixedContext(BrainAgeModel model, ModelInput input) {
        return new GradientOracle() {
            @Override
            public double[] ages(INDArray images) {
                return model.predictAges(input.withImages(images));
            }

            @Override
            public INDArray ageGradient(INDArray images) {
                return model.ageGradients(input.withImages(images)).images();
            }
        };
    }
}

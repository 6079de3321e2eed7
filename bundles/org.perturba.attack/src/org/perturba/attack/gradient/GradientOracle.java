package org.perturba.attack.gradient;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ContextPath;
import org.perturba.model.InputGradients;
import org.perturba.model.ModelInput;

/**
 * The model as an attack sees it: predicted ages and their gradient with respect to candidate
 * images. Separates what is attacked (image only with the context fixed, or image and context path
 * together) from how the attack searches; which of the two is the runner's choice, made through the
 * input ({@link #of}).
 */
public interface GradientOracle {

    /** Predicted ages of the candidate images. */
    double[] ages(INDArray images);

    /** d age / d image for every example, {@code [n, 1, x, y, z]}. */
    INDArray ageGradient(INDArray images);

    /**
     * The oracle the input allows: through the context path when it carries one (the attacker may
     * differentiate through the context), the context fixed otherwise.
     */
    static GradientOracle of(BrainAgeModel model, ModelInput input) {
        return input.contextPath().map(path -> throughContext(model, path)).orElseGet(() -> fixedContext(model, input));
    }

    /**
     * The context features (if any) come from a separate pipeline and stay as in {@code input}; only
     * the voxels are attacked.
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

    /**
     * The context is computed from every candidate image by {@code path}, and the image gradient is
     * the total derivative {@code d age/d image + (d context/d image)^T d age/d context}: the attack
     * also exploits (or is no longer blocked by) the context branch.
     */
    static GradientOracle throughContext(BrainAgeModel model, ContextPath path) {
        return new GradientOracle() {
            @Override
            public double[] ages(INDArray images) {
                return model.predictAges(ModelInput.withContextPath(images, path));
            }

            @Override
            public INDArray ageGradient(INDArray images) {
                InputGradients gradients = model.ageGradients(ModelInput.withContextPath(images, path));
                INDArray context = gradients.context().orElseThrow(() -> new IllegalArgumentException(
                        "the " + model.metadata().kind() + " model takes no context, so its input cannot have a context path"));
                return gradients.images().addi(path.backpropagate(images, context));
            }
        };
    }
}

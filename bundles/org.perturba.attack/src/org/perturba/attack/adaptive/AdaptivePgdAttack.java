package org.perturba.attack.adaptive;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.gradient.GradientAttack;
import org.perturba.attack.gradient.GradientOracle;
import org.perturba.attack.gradient.Schedule;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ContextPath;
import org.perturba.model.InputGradients;
import org.perturba.model.ModelInput;

/**
 * Threat model 2: PGD in the L-infinity ball against a hybrid model whose context features are
 * computed from the image itself (the input's {@link ContextPath}). At every step the context is
 * recomputed from the current adversarial image, and the image gradient is the total derivative
 * {@code d age/d image + (d context/d image)^T d age/d context}, so the attack also exploits (or is
 * no longer blocked by) the context branch. A hybrid model that only resists image-only PGD has not
 * shown robustness: this is the attack that must be tried before claiming it. The adversarial
 * batch's context is the context of the adversarial images ({@link #perturbInput}).
 */
public final class AdaptivePgdAttack extends GradientAttack {

    @Override
    protected Schedule schedule(AttackParameters parameters) {
        return Schedule.from(parameters);
    }

    /** Through both paths; the context is recomputed from every candidate image. */
    @Override
    protected GradientOracle oracle(BrainAgeModel model, ModelInput input) {
        ContextPath path = input.contextPath().orElseThrow(() -> new IllegalArgumentException(
                "the adaptive attack needs inputs whose context is computed from the image (a context path); "
                        + "this input has " + (input.context().isPresent() ? "fixed context features" : "no context")
                        + ": use pgd-linf"));
        return new GradientOracle() {
            @Override
            public double[] ages(INDArray images) {
                return model.predictAges(ModelInput.withContextPath(images, path));
            }

            @Override
            public INDArray ageGradient(INDArray images) {
                InputGradients gradients = model.ageGradients(ModelInput.withContextPath(images, path));
                INDArray context = gradients.context().orElseThrow(() -> new IllegalArgumentException(
                        "the " + model.metadata().kind() + " model takes no context: use pgd-linf"));
                return gradients.images().addi(path.backpropagate(images, context));
            }
        };
    }

    /** The adversarial images with the context recomputed from them. */
    @Override
    public ModelInput perturbInput(BrainAgeModel model, ModelInput input, AttackParameters parameters) {
        return input.recomputedFor(perturb(model, input, parameters));
    }
}

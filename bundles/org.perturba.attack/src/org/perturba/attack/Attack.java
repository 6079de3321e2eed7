package org.perturba.attack;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelInput;

/**
 * An adversarial attack on a brain-age model. Contributed through the {@code org.perturba.attacks}
 * extension point together with its parameter declarations; implementations need a public
 * no-argument constructor and keep no state between calls.
 */
public interface Attack {

    /**
     * Crafts adversarial versions of a batch of images.
     *
     * @param model the model under attack
     * @param input the clean batch: images {@code [n, 1, x, y, z]} with intensities in [0, 1] and,
     *        for hybrid models, their context features; not modified. Its context path, when present,
     *        means the attacker may differentiate through the context (the runner's adaptive threat
     *        model): gradient attacks then follow it; without one the context is fixed, out of reach
     * @param parameters values for the parameters the contribution declares, already validated
     * @return the adversarial images, same shape, intensities kept in [0, 1]
     */
    INDArray perturb(BrainAgeModel model, ModelInput input, AttackParameters parameters);

    /**
     * The norm in which {@code epsilon} bounds each image's change; L-infinity unless overridden. The
     * runner refuses any result outside that budget (or the intensity range, or the head when
     * {@code brain-only}), and any attack that modifies its input.
     */
    default Norm norm() {
        return Norm.LINF;
    }
}

package org.perturba.example.attack;

import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.attack.Attack;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.Norm;
import org.perturba.attack.gradient.Budget;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelInput;

/**
 * Random sign noise: every voxel moves by +epsilon or -epsilon, independently and uniformly at
 * random, within the same L-infinity budget (and brain mask, and [0, 1] range) as FGSM and PGD, but
 * without looking at the model. If a model's age moved as much under this noise as under a gradient
 * attack, the "attack" would only be showing that the model is noise-sensitive; the gap between the
 * two is what makes a perturbation adversarial. Deterministic for a seed; ignores the model.
 *
 * <p>Written as the example of a contributed attack: a public no-argument constructor, no state,
 * parameters read by the names declared in {@code plugin.xml}, and the shared {@link Budget} used for
 * the projection so that the constraints mean the same as for the built-in attacks.
 */
public final class RandomSignNoiseAttack implements Attack {

    @Override
    public INDArray perturb(BrainAgeModel model, ModelInput input, AttackParameters parameters) {
        double epsilon = parameters.getDouble("epsilon");
        INDArray clean = input.images();
        SplittableRandom random = new SplittableRandom(parameters.getLong("seed"));
        float[] signs = new float[(int) clean.length()];
        for (int i = 0; i < signs.length; i++) {
            signs[i] = random.nextBoolean() ? 1f : -1f;
        }
        INDArray noise = Nd4j.create(signs, clean.shape(), 'c').castTo(clean.dataType()).muli(epsilon);
        return Budget.of(Norm.LINF, input, epsilon, parameters.getBoolean(Budget.BRAIN_ONLY)).project(clean.add(noise));
    }
}

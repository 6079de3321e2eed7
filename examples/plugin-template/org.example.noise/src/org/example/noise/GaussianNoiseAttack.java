package org.example.noise;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.attack.Attack;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.Norm;
import org.perturba.attack.gradient.Budget;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelInput;

/**
 * Gaussian noise at the edge of an L2 budget: each image moves along a random direction to the
 * border of the ball (inside the brain, within [0, 1]), without looking at the model. The model-blind baseline of an
 * L2 attack: a model that moves as much under it as under L2 PGD is noise-sensitive, not fooled.
 */
public final class GaussianNoiseAttack implements Attack {

    /** Epsilon bounds each image's change in L2 (RMS per voxel): the runner checks every result against that budget. */
    @Override
    public Norm norm() {
        return Norm.L2;
    }

    @Override
    public INDArray perturb(BrainAgeModel model, ModelInput input, AttackParameters parameters) {
        double epsilon = parameters.getDouble("epsilon");
        INDArray clean = input.images();
        Nd4j.getRandom().setSeed(parameters.getLong("seed"));
        INDArray noise = Nd4j.randn(clean.dataType(), clean.shape());
        // a full step of the budget along the noise reaches the border of the L2 ball (an RMS change of
        // epsilon per changeable voxel, as for the built-in L2 attacks); the projection keeps the
        // result in the brain and in [0, 1]
        Budget budget = Budget.of(Norm.L2, input, epsilon, parameters.getBoolean(Budget.BRAIN_ONLY));
        return budget.project(clean.add(budget.ascentStep(clean, noise, 1.0)));
    }
}

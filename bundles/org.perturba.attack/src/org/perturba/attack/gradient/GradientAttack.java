package org.perturba.attack.gradient;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.attack.Attack;
import org.perturba.attack.AttackParameters;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelInput;

/**
 * Base of the attacks that are {@link ProjectedGradientAscent} with a particular budget, schedule and
 * oracle. Subclasses say only what differs (the {@link #norm()} of the budget is
 * L-infinity unless they say otherwise); the common parameters {@code epsilon}, {@code direction},
 * {@code shift-years} and {@code brain-only} are read here, the same way for all of them. The threat
 * model is the input's: with a context path the gradient follows the context too ({@link GradientOracle#of}).
 */
public abstract class GradientAttack implements Attack {

    protected abstract Schedule schedule(AttackParameters parameters);

    /** The model as attacked: through the context path when the input carries one, context fixed otherwise. */
    protected GradientOracle oracle(BrainAgeModel model, ModelInput input) {
        return GradientOracle.of(model, input);
    }

    /** Seed of the random starts: parameter {@code seed}, 0 when absent. */
    protected long seed(AttackParameters parameters) {
        return Long.parseLong(parameters.get("seed", "0"));
    }

    @Override
    public INDArray perturb(BrainAgeModel model, ModelInput input, AttackParameters parameters) {
        GradientOracle oracle = oracle(model, input);
        Objective objective = Objective.from(parameters, oracle.ages(input.images()));
        return ProjectedGradientAscent.run(oracle, budget(input.images(), parameters), objective, schedule(parameters),
                seed(parameters));
    }

    /** The set the adversarial images must stay in: {@code epsilon} in this attack's {@link #norm()}, and {@code brain-only}. */
    private Budget budget(INDArray clean, AttackParameters parameters) {
        return Budget.of(norm(), clean, parameters.getDouble("epsilon"), Budget.brainOnly(parameters));
    }
}

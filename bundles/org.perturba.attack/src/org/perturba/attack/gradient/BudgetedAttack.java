package org.perturba.attack.gradient;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.attack.Attack;
import org.perturba.attack.AttackParameters;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelInput;

/**
 * Base of the attacks that search a {@link Budget} for an {@link Objective} through the model's
 * {@link GradientOracle} (FGSM, PGD and APGD by its gradients, score-based ones by its ages alone).
 * The common parameters {@code epsilon}, {@code direction}, {@code shift-years}, {@code target-age}
 * and {@code brain-only} are read here, the same way for all of them; subclasses say only how they
 * search (and their {@link #norm()}, L-infinity unless they say otherwise). The threat model is the
 * input's: with a context path the oracle follows the context too ({@link GradientOracle#of}).
 */
public abstract class BudgetedAttack implements Attack {

    /**
     * @param objective built from the clean images' predicted ages
     * @return the adversarial images, inside {@code budget}; a new array
     */
    protected abstract INDArray search(GradientOracle oracle, Budget budget, Objective objective,
            AttackParameters parameters);

    /** Seed of the random choices: parameter {@code seed}, 0 when absent. */
    protected static long seed(AttackParameters parameters) {
        return Long.parseLong(parameters.get("seed", "0"));
    }

    @Override
    public INDArray perturb(BrainAgeModel model, ModelInput input, AttackParameters parameters) {
        GradientOracle oracle = GradientOracle.of(model, input);
        Objective objective = Objective.from(parameters, oracle.ages(input.images()));
        Budget budget = Budget.of(norm(), input, parameters.getDouble("epsilon"), Budget.brainOnly(parameters));
        return search(oracle, budget, objective, parameters);
    }
}

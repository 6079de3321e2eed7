package org.perturba.attack.apgd;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.gradient.AdaptiveGradientAscent;
import org.perturba.attack.gradient.Budget;
import org.perturba.attack.gradient.BudgetedAttack;
import org.perturba.attack.gradient.GradientOracle;
import org.perturba.attack.gradient.Objective;

/** APGD in either norm: {@link AdaptiveGradientAscent} with the parameters {@code steps}, {@code restarts} and {@code seed}. */
abstract class ApgdAttack extends BudgetedAttack {

    @Override
    protected INDArray search(GradientOracle oracle, Budget budget, Objective objective, AttackParameters parameters) {
        return AdaptiveGradientAscent.run(oracle, budget, objective, parameters.getInt("steps"),
                parameters.getInt("restarts"), seed(parameters));
    }
}

package org.perturba.attack.pgd;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.gradient.Budget;
import org.perturba.attack.gradient.BudgetedAttack;
import org.perturba.attack.gradient.GradientOracle;
import org.perturba.attack.gradient.Objective;
import org.perturba.attack.gradient.ProjectedGradientAscent;
import org.perturba.attack.gradient.Schedule;

/** PGD in either norm: {@link ProjectedGradientAscent} with the {@link Schedule} of the parameters. */
abstract class PgdAttack extends BudgetedAttack {

    @Override
    protected INDArray search(GradientOracle oracle, Budget budget, Objective objective, AttackParameters parameters) {
        return ProjectedGradientAscent.run(oracle, budget, objective, Schedule.from(parameters), seed(parameters));
    }
}

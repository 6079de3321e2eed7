package org.perturba.attack.fgsm;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.gradient.Budget;
import org.perturba.attack.gradient.BudgetedAttack;
import org.perturba.attack.gradient.GradientOracle;
import org.perturba.attack.gradient.Objective;
import org.perturba.attack.gradient.ProjectedGradientAscent;
import org.perturba.attack.gradient.Schedule;

/**
 * Fast gradient sign method (Goodfellow et al., 2015): one step of size epsilon from the clean image
 * along the sign of the objective's gradient, then projected (intensity range, brain mask). The
 * cheapest attack, and the weakest: a baseline every iterative attack should beat. Untargeted runs
 * take the step both ways and keep the larger shift per image; a step that makes things worse leaves
 * the image clean. The context is followed when the input carries a context path, fixed otherwise.
 */
public final class FgsmAttack extends BudgetedAttack {

    @Override
    protected INDArray search(GradientOracle oracle, Budget budget, Objective objective, AttackParameters parameters) {
        return ProjectedGradientAscent.run(oracle, budget, objective, Schedule.singleStep(), 0);
    }
}

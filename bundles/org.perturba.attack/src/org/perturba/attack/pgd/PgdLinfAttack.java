package org.perturba.attack.pgd;

import org.perturba.attack.AttackParameters;
import org.perturba.attack.gradient.GradientAttack;
import org.perturba.attack.gradient.Schedule;

/**
 * Projected gradient descent in the L-infinity ball (Madry et al., 2018): from a random start inside
 * the budget, repeated signed-gradient steps on the objective, each followed by projection back into
 * the budget, the valid intensity range and (brain-only) the head. The step size halves at half and
 * at three quarters of the steps; with several restarts, each image keeps the best restart. Context
 * features (hybrid models) are left as given: threat model 1.
 */
public final class PgdLinfAttack extends GradientAttack {

    @Override
    protected Schedule schedule(AttackParameters parameters) {
        return Schedule.from(parameters);
    }
}

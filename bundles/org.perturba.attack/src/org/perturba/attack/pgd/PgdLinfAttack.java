package org.perturba.attack.pgd;

import org.perturba.attack.AttackParameters;
import org.perturba.attack.gradient.GradientAttack;
import org.perturba.attack.gradient.Schedule;

/**
 * Projected gradient descent in the L-infinity ball (Madry et al., 2018): from a random start inside
 * the budget, repeated signed-gradient steps on the objective, each followed by projection back into
 * the budget, the valid intensity range and (brain-only) the head. The step size halves at half and
 * at three quarters of the steps; with several restarts, each image keeps the best restart. Against a
 * hybrid whose input carries a context path, the gradient also flows through the context (the runner's
 * adaptive threat model); otherwise the context features are left as given.
 */
public final class PgdLinfAttack extends GradientAttack {

    @Override
    protected Schedule schedule(AttackParameters parameters) {
        return Schedule.from(parameters);
    }
}

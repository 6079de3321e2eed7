package org.perturba.attack.pgd;

import org.perturba.attack.gradient.Schedule;

/**
 * Projected gradient descent in the L-infinity ball (Madry et al., 2018): repeated signed-gradient
 * steps on the objective, each followed by projection back into the budget, the valid intensity range
 * and (brain-only) the brain mask. The first restart starts at the clean image, further ones at random
 * points of the ball; the step size halves at half and at three quarters of the steps, and the steps
 * travel at least the ball's diameter in all ({@link Schedule}); each image keeps the best point of any
 * step of any restart. Against a hybrid whose input carries a context path, the gradient also flows
 * through the context (the runner's adaptive threat model); otherwise the context features are left
 * as given.
 */
public final class PgdLinfAttack extends PgdAttack {
}

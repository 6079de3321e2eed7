package org.perturba.attack.pgd;

import org.perturba.attack.AttackParameters;
import org.perturba.attack.Norm;
import org.perturba.attack.gradient.GradientAttack;
import org.perturba.attack.gradient.Schedule;

/**
 * Projected gradient descent in the L2 ball: random start in the ball, steps along the objective's
 * gradient normalised to unit L2 norm per image, projection back onto the ball, the intensity range
 * and (brain-only) the head; halving steps and restarts as {@link PgdLinfAttack}. An L2 attacker may
 * concentrate the change on few voxels, which an L-infinity budget forbids: the two measure different
 * kinds of perceptibility. So that their epsilons compare, epsilon is the root-mean-square change per
 * voxel: radius = epsilon * sqrt(voxels per image), the L2 norm of an L-infinity perturbation of
 * epsilon everywhere. The context is followed when the input carries a context path, fixed otherwise.
 */
public final class PgdL2Attack extends GradientAttack {

    @Override
    public Norm norm() {
        return Norm.L2;
    }

    @Override
    protected Schedule schedule(AttackParameters parameters) {
        return Schedule.from(parameters);
    }
}

package org.perturba.attack.pgd;

import org.perturba.attack.Norm;

/**
 * Projected gradient descent in the L2 ball: steps along the objective's gradient normalised to unit
 * L2 norm per image, projection back onto the ball, the intensity range and (brain-only) the brain
 * mask; starts, schedule, restarts and best point as {@link PgdLinfAttack}. An L2 attacker may
 * concentrate the change on few voxels, which an L-infinity budget forbids: the two measure different
 * kinds of perceptibility. So that their epsilons compare, epsilon is the root-mean-square change per
 * changeable voxel: radius = epsilon * sqrt(changeable voxels of the image), the L2 norm of an
 * L-infinity perturbation of epsilon on each of them. The context is followed when the input carries a
 * context path, fixed otherwise.
 */
public final class PgdL2Attack extends PgdAttack {

    @Override
    public Norm norm() {
        return Norm.L2;
    }
}

package org.perturba.attack.apgd;

import org.perturba.attack.Norm;

/**
 * Auto-PGD in the L2 ball: as {@link ApgdLinfAttack} with unit-norm gradient steps that start at twice
 * the radius, epsilon * sqrt(changeable voxels of the image).
 */
public final class ApgdL2Attack extends ApgdAttack {

    @Override
    public Norm norm() {
        return Norm.L2;
    }
}

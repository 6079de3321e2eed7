package org.perturba.attack.apgd;

/**
 * Auto-PGD in the L-infinity ball (Croce and Hein, 2020; see {@code AdaptiveGradientAscent}): signed
 * gradient steps with momentum whose size starts at 2 epsilon and halves by itself when progress
 * stalls, restarting from the best point. Free of a step schedule to tune, it is the reference a PGD
 * result is checked against. Common parameters, brain mask and threat model as PGD.
 */
public final class ApgdLinfAttack extends ApgdAttack {
}

package org.perturba.attack.gradient;

import org.perturba.attack.AttackParameters;

/**
 * How an iterative attack spends its gradients: steps per run, the first step as a fraction of the
 * budget, halved at half and again at three quarters of the steps (large steps explore, small ones
 * settle near the border of the budget), random restarts, and whether runs start at a random point
 * of the budget (PGD) or at the clean image (FGSM).
 */
public record Schedule(int steps, double stepFraction, int restarts, boolean randomStart) {

    public Schedule {
        if (steps < 1 || restarts < 1 || !(stepFraction >= 0)) {
            throw new IllegalArgumentException("steps and restarts must be >= 1 and step-fraction >= 0, got " + steps
                    + ", " + restarts + ", " + stepFraction);
        }
    }

    /** One full step from the clean image: the fast gradient (sign) method. */
    public static Schedule singleStep() {
        return new Schedule(1, 1, 1, false);
    }

    /** From the parameters {@code steps}, {@code step-fraction} and {@code restarts}, random start. */
    public static Schedule from(AttackParameters parameters) {
        return new Schedule(parameters.getInt("steps"), parameters.getDouble("step-fraction"),
                parameters.getInt("restarts"), true);
    }

    /** The step of {@code step} (from 0) as a fraction of the budget. */
    public double fraction(int step) {
        double factor = 4 * step >= 3 * steps ? 0.25 : 2 * step >= steps ? 0.5 : 1;
        return stepFraction * factor;
    }
}

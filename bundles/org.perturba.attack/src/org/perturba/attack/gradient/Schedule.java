package org.perturba.attack.gradient;

import org.perturba.attack.AttackParameters;

/**
 * How an iterative attack spends its gradients: steps per run, the first step as a fraction of the
 * budget (of epsilon for L-infinity, of the radius for L2), halved at half and again at three
 * quarters of the steps (large steps explore, small ones settle near the border of the budget), and
 * restarts. The first run starts at the clean image, every further one at a random point of the
 * budget.
 *
 * <p>{@link #reaching} raises the first step, when needed, so that the steps travel at least the
 * ball's {@linkplain #DIAMETER diameter} in total: from any start (a random one may lie at the
 * opposite corner) every voxel can then reach any point of the ball. With 10 steps of a quarter of
 * epsilon halving as above the total is only 1.75 epsilon, and such a PGD can end short of what one
 * FGSM step reaches.
 */
public record Schedule(int steps, double stepFraction, int restarts) {
    /** Total travel, in budgets, that any run of the search can cover: the ball's diameter. */
    public static final double DIAMETER = 2;

    public Schedule {
        if (steps < 1 || restarts < 1 || !(stepFraction >= 0) || !Double.isFinite(stepFraction)) {
            throw new IllegalArgumentException("steps and restarts must be >= 1 and step-fraction a finite number >= 0, "
                    + "got " + steps + ", " + restarts + ", " + stepFraction);
        }
    }

    /** One full step from the clean image: the fast gradient (sign) method. */
    public static Schedule singleStep() {
        return new Schedule(1, 1, 1);
    }

    /**
     * {@code steps} and {@code restarts} as given, the first step {@code stepFraction} or, if that is
     * too short for the steps to travel the {@link #DIAMETER} in total, just long enough.
     */
    public static Schedule reaching(int steps, double stepFraction, int restarts) {
        double travelOfUnitSteps = new Schedule(steps, 1, 1).travel();
        return new Schedule(steps, Math.max(stepFraction, DIAMETER / travelOfUnitSteps), restarts);
    }

    /** {@link #reaching} from the parameters {@code steps}, {@code step-fraction} and {@code restarts}. */
    public static Schedule from(AttackParameters parameters) {
        return reaching(parameters.getInt("steps"), parameters.getDouble("step-fraction"), parameters.getInt("restarts"));
    }

    /** The step of {@code step} (from 0) as a fraction of the budget. */
    public double fraction(int step) {
        double factor = 4 * step >= 3 * steps ? 0.25 : 2 * step >= steps ? 0.5 : 1;
        return stepFraction * factor;
    }

    /** The length of all steps together, as a fraction of the budget. */
    public double travel() {
        double total = 0;
        for (int step = 0; step < steps; step++) {
            total += fraction(step);
        }
        return total;
    }
}

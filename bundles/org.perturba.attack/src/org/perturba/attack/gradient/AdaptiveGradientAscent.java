package org.perturba.attack.gradient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Auto-PGD (APGD, Croce and Hein, ICML 2020): gradient ascent whose step size adapts itself, so that
 * no step schedule has to be tuned per model. Per image and run:
 * <ul>
 * <li>the step starts at twice the budget (2 epsilon, or twice the L2 radius): the first steps can
 * cross the whole ball;</li>
 * <li>each iterate moves with momentum: {@code z = P(x_k + eta * step(grad))},
 * {@code x_{k+1} = P(x_k + alpha (z - x_k) + (1 - alpha)(x_k - x_{k-1}))}, {@code alpha = 0.75};</li>
 * <li>at checkpoints {@code w_j = ceil(p_j N)}, {@code p_0 = 0}, {@code p_1 = 0.22},
 * {@code p_{j+1} = p_j + max(p_j - p_{j-1} - 0.03, 0.06)}, the step halves and the search goes on
 * from the best point so far when fewer than {@code rho = 0.75} of the steps since the previous
 * checkpoint improved the objective, or when the step was not halved at the previous checkpoint and
 * the best value has not grown since;</li>
 * <li>the best point is kept ({@link BestCandidates}).</li>
 * </ul>
 * Progress is the objective's {@linkplain Objective#progress progress} within the branch. As in
 * {@link ProjectedGradientAscent}, the first restart starts at the clean image, further ones at random
 * points of the budget, drawn from a {@link SplittableRandom} of the seed.
 */
public final class AdaptiveGradientAscent {
    /** The first step, as a fraction of the budget. */
    static final double FIRST_STEP = 2;
    static final double MOMENTUM = 0.75;
    /** Fraction of the steps between checkpoints that must improve the objective for the step to stay. */
    static final double SUCCESS_RATE = 0.75;

    private AdaptiveGradientAscent() {
    }

    /**
     * @param steps gradient steps per run, {@code N}
     * @return the best adversarial images found, a new array shaped like the clean ones
     */
    public static INDArray run(GradientOracle oracle, Budget budget, Objective objective, int steps, int restarts,
            long seed) {
        if (steps < 1 || restarts < 1) {
            throw new IllegalArgumentException("steps and restarts must be >= 1, got " + steps + " and " + restarts);
        }
        BestCandidates best = new BestCandidates(objective, budget.clean());
        SplittableRandom random = new SplittableRandom(seed);
        boolean[] checkpoint = checkpoints(steps);
        for (int restart = 0; restart < restarts; restart++) {
            for (double[] push : objective.pushes()) {
                INDArray start = restart == 0 ? budget.clean().dup() : budget.randomStart(random);
                new Run(oracle, budget, objective, push, best).climb(start, steps, checkpoint);
            }
        }
        return best.images();
    }

    /** Which iterations {@code k} in {@code [0, steps)} are checkpoints {@code w_j}, j >= 1. */
    static boolean[] checkpoints(int steps) {
        boolean[] checkpoint = new boolean[steps];
        double previous = 0;
        double current = 0.22;
        while (current <= 1) {
            int k = (int) Math.ceil(current * steps);
            if (k < steps) {
                checkpoint[k] = true;
            }
            double next = current + Math.max(current - previous - 0.03, 0.06);
            previous = current;
            current = next;
        }
        return checkpoint;
    }

    /** One run of one branch: the iterates, the step sizes and the bookkeeping of the checkpoints. */
    private static final class Run {
        private final GradientOracle oracle;
        private final Budget budget;
        private final Objective objective;
        private final double[] push;
        private final BestCandidates best;
        private final int n;

        private INDArray current;
        private double[] ages;
        private double[] progress;
        private INDArray bestPoint;
        private double[] bestAges;
        private double[] bestProgress;

        Run(GradientOracle oracle, Budget budget, Objective objective, double[] push, BestCandidates best) {
            this.oracle = oracle;
            this.budget = budget;
            this.objective = objective;
            this.push = push;
            this.best = best;
            this.n = push.length;
        }

        void climb(INDArray start, int steps, boolean[] checkpoint) {
            double[] eta = new double[n];
            Arrays.fill(eta, FIRST_STEP);
            current = start;
            evaluate();
            bestPoint = current.dup();
            bestAges = ages.clone();
            bestProgress = progress.clone();
            INDArray previous = current;
            int[] successes = new int[n];
            int sinceCheckpoint = 0;
            boolean[] halvedAtLastCheckpoint = new boolean[n];
            double[] bestAtLastCheckpoint = bestProgress.clone();
            for (int k = 0; k < steps; k++) {
                if (checkpoint[k]) {
                    List<Integer> halve = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        boolean oscillating = successes[i] < SUCCESS_RATE * sinceCheckpoint;
                        boolean stalled = !halvedAtLastCheckpoint[i] && bestProgress[i] <= bestAtLastCheckpoint[i];
                        halvedAtLastCheckpoint[i] = oscillating || stalled;
                        if (halvedAtLastCheckpoint[i]) {
                            halve.add(i);
                        }
                        bestAtLastCheckpoint[i] = bestProgress[i];
                        successes[i] = 0;
                    }
                    sinceCheckpoint = 0;
                    for (int i : halve) {
                        eta[i] /= 2;
                        current.putSlice(i, bestPoint.slice(i));
                        previous.putSlice(i, bestPoint.slice(i));
                        ages[i] = bestAges[i];
                        progress[i] = bestProgress[i];
                    }
                }
                INDArray gradient = Objective.weigh(oracle.ageGradient(current), objective.ageWeights(push, ages));
                INDArray z = budget.project(current.add(budget.ascentStep(current, gradient, eta)));
                INDArray next = k == 0 ? z
                        : budget.project(z.subi(current).muli(MOMENTUM).addi(current.sub(previous).muli(1 - MOMENTUM))
                                .addi(current));
                double[] before = progress;
                previous = current;
                current = next;
                evaluate();
                for (int i = 0; i < n; i++) {
                    if (progress[i] > before[i]) {
                        successes[i]++;
                    }
                    if (progress[i] > bestProgress[i]) {
                        bestProgress[i] = progress[i];
                        bestAges[i] = ages[i];
                        bestPoint.putSlice(i, current.slice(i));
                    }
                }
                sinceCheckpoint++;
            }
        }

        /** Predicts the current point's ages, its progress, and offers it as a candidate. */
        private void evaluate() {
            ages = oracle.ages(current);
            progress = objective.progress(push, ages);
            best.offer(current, ages);
        }
    }
}

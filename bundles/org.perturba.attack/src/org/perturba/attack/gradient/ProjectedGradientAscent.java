package org.perturba.attack.gradient;

import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The search loop of FGSM and PGD: for each restart and each branch of the objective, start (the
 * clean image on the first restart, a random point of the budget on the others), take the scheduled
 * steps along the budget's ascent step of the objective's gradient, projecting after each, and keep
 * per image the best point seen after any step ({@link BestCandidates}), not only the last.
 * Deterministic for a seed: random starts come from a {@link SplittableRandom} of that seed, not from
 * ND4J's global generator that other code may advance.
 */
public final class ProjectedGradientAscent {

    private ProjectedGradientAscent() {
    }

    /**
     * @return the best adversarial images found, a new array shaped like the clean ones
     */
    public static INDArray run(GradientOracle oracle, Budget budget, Objective objective, Schedule schedule, long seed) {
        INDArray clean = budget.clean();
        BestCandidates best = new BestCandidates(objective, clean);
        SplittableRandom random = new SplittableRandom(seed);
        for (int restart = 0; restart < schedule.restarts(); restart++) {
            for (double[] push : objective.pushes()) {
                INDArray adversarial = restart == 0 ? clean.dup() : budget.randomStart(random);
                double[] ages = restart == 0 ? objective.cleanAges() : oracle.ages(adversarial);
                best.offer(adversarial, ages);
                for (int step = 0; step < schedule.steps(); step++) {
                    INDArray gradient = Objective.weigh(oracle.ageGradient(adversarial), objective.ageWeights(push, ages));
                    INDArray move = budget.ascentStep(adversarial, gradient, schedule.fraction(step));
                    adversarial = budget.project(adversarial.addi(move));
                    ages = oracle.ages(adversarial);
                    best.offer(adversarial, ages);
                }
            }
        }
        return best.images();
    }
}

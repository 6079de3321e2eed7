package org.perturba.attack.gradient;

import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The search loop every gradient attack shares: for each restart and each branch of the objective,
 * start (clean or random in the budget), take the scheduled steps along the budget's ascent direction
 * of the objective's gradient, projecting after each, and keep per image the best candidate seen
 * (the clean image included, so an attack never reports a result worse than doing nothing).
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
        INDArray best = clean.dup();
        double[] bestScore = objective.score(objective.cleanAges());
        SplittableRandom random = new SplittableRandom(seed);
        for (int restart = 0; restart < schedule.restarts(); restart++) {
            for (double[] push : objective.pushes()) {
                INDArray adversarial = schedule.randomStart() ? budget.randomStart(random) : clean.dup();
                for (int step = 0; step < schedule.steps(); step++) {
                    double[] ages = objective.targeted() ? oracle.ages(adversarial) : null;
                    INDArray gradient = Objective.weigh(oracle.ageGradient(adversarial), objective.ageWeights(push, ages));
                    INDArray move = budget.ascentDirection(gradient).muli(budget.stepLength(schedule.fraction(step)));
                    adversarial = budget.project(adversarial.addi(move));
                }
                double[] reached = objective.score(oracle.ages(adversarial));
                for (int example = 0; example < reached.length; example++) {
                    if (reached[example] > bestScore[example]) {
                        bestScore[example] = reached[example];
                        best.putSlice(example, adversarial.slice(example));
                    }
                }
            }
        }
        return best;
    }
}

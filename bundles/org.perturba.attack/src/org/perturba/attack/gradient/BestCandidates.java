package org.perturba.attack.gradient;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per image, the best candidate an attack has seen, by the objective's {@linkplain Objective#score
 * score}: every candidate it evaluates is offered, not only the last of a run, so that an attack
 * reports the best point it passed through (a step that overshoots cannot lose it). Starts at the
 * clean images, so that an attack never reports a result worse than doing nothing.
 */
public final class BestCandidates {
    private final Objective objective;
    private final INDArray images;
    private final double[] scores;

    public BestCandidates(Objective objective, INDArray clean) {
        this.objective = objective;
        this.images = clean.dup();
        this.scores = objective.score(objective.cleanAges());
    }

    /** Keeps, per image, the candidate if its predicted age {@code ages} scores better than the best so far. */
    public void offer(INDArray candidates, double[] ages) {
        double[] reached = objective.score(ages);
        for (int example = 0; example < reached.length; example++) {
            if (reached[example] > scores[example]) {
                scores[example] = reached[example];
                images.putSlice(example, candidates.slice(example));
            }
        }
    }

    /** The best images so far; the array is this object's own. */
    public INDArray images() {
        return images;
    }
}

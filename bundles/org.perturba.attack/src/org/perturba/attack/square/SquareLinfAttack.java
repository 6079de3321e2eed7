package org.perturba.attack.square;

import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.ScoreBasedAttack;
import org.perturba.attack.gradient.BestCandidates;
import org.perturba.attack.gradient.Budget;
import org.perturba.attack.gradient.BudgetedAttack;
import org.perturba.attack.gradient.GradientOracle;
import org.perturba.attack.gradient.Objective;

/**
 * Square Attack in the L-infinity ball (Andriushchenko et al., ECCV 2020): a random search that uses
 * only the predicted ages, never a gradient, so masked or shattered gradients cannot mislead it. It
 * starts from stripes (every line of voxels along z set to +epsilon or -epsilon at random), then per
 * query changes one random cube of each image to +epsilon or -epsilon (the other sign when the cube
 * already is all that sign) and keeps the change where the objective improved. The cube holds a
 * fraction p of the grid's voxels: p starts at {@code p-init} and halves after 10, 50, 200, 500, 1000,
 * 2000, 4000, 6000 and 8000 of 10,000 queries (the paper's schedule, scaled to the query budget), so
 * the search moves from coarse to single-voxel changes. Every candidate is projected onto the budget
 * (brain mask, intensity range) before it is scored; each image keeps the best candidate seen. An
 * untargeted run searches each direction with the whole query budget.
 */
public final class SquareLinfAttack extends BudgetedAttack implements ScoreBasedAttack {
    /** Queries, out of 10,000, after which p halves. */
    private static final int[] HALVINGS = { 10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000 };
    private static final double PAPER_QUERIES = 10_000;

    @Override
    protected INDArray search(GradientOracle oracle, Budget budget, Objective objective, AttackParameters parameters) {
        int queries = parameters.getInt("queries");
        double pInit = parameters.getDouble("p-init");
        if (queries < 1 || !(pInit > 0 && pInit <= 1)) {
            throw new IllegalArgumentException("queries must be >= 1 and p-init in (0, 1], got " + queries + " and " + pInit);
        }
        BestCandidates best = new BestCandidates(objective, budget.clean());
        SplittableRandom random = new SplittableRandom(seed(parameters));
        for (double[] push : objective.pushes()) {
            INDArray clean = budget.clean();
            INDArray delta = stripes(clean, budget.epsilon(), random);
            INDArray current = budget.project(clean.add(delta));
            double[] ages = oracle.ages(current);
            best.offer(current, ages);
            double[] progress = objective.progress(push, ages);
            for (int query = 1; query < queries; query++) {
                INDArray candidate = delta.dup();
                int side = side(clean, pInit * halving(query, queries));
                for (int example = 0; example < clean.size(0); example++) {
                    setCube(candidate.slice(example), side, budget.epsilon(), random);
                }
                INDArray trial = budget.project(clean.add(candidate));
                double[] trialAges = oracle.ages(trial);
                best.offer(trial, trialAges);
                double[] trialProgress = objective.progress(push, trialAges);
                for (int example = 0; example < progress.length; example++) {
                    if (trialProgress[example] > progress[example]) {
                        progress[example] = trialProgress[example];
                        delta.putSlice(example, candidate.slice(example));
                    }
                }
            }
        }
        return best.images();
    }

    /** Every line along z of every image at +epsilon or -epsilon, at random. */
    private static INDArray stripes(INDArray clean, double epsilon, SplittableRandom random) {
        long depth = clean.size(4);
        float[] values = new float[(int) clean.length()];
        for (int line = 0; line < values.length / depth; line++) {
            float value = (float) (random.nextBoolean() ? epsilon : -epsilon);
            for (int z = 0; z < depth; z++) {
                values[(int) (line * depth + z)] = value;
            }
        }
        return Nd4j.create(values, clean.shape(), 'c').castTo(clean.dataType());
    }

    /** The factor of p-init at {@code query}: halved once per passed point of the paper's schedule. */
    private static double halving(int query, int queries) {
        double scaled = query * PAPER_QUERIES / queries;
        double factor = 1;
        for (int at : HALVINGS) {
            if (scaled > at) {
                factor /= 2;
            }
        }
        return factor;
    }

    /** The side of a cube holding {@code p} of the grid's voxels, at least 1 and at most the grid's smallest side. */
    private static int side(INDArray clean, double p) {
        long[] shape = clean.shape();
        long smallest = Math.min(shape[2], Math.min(shape[3], shape[4]));
        long side = Math.round(Math.cbrt(p * shape[2] * shape[3] * shape[4]));
        return (int) Math.max(1, Math.min(smallest, side));
    }

    /** Sets a random cube of {@code image} ({@code [1, x, y, z]}, in place) to +epsilon or -epsilon. */
    private static void setCube(INDArray image, int side, double epsilon, SplittableRandom random) {
        INDArray cube = image.get(NDArrayIndex.all(), corner(image.size(1), side, random),
                corner(image.size(2), side, random), corner(image.size(3), side, random));
        double value = random.nextBoolean() ? epsilon : -epsilon;
        double tolerance = 1e-7 * epsilon; // float32 storage of +-epsilon
        if (Math.abs(cube.minNumber().doubleValue() - value) <= tolerance
                && Math.abs(cube.maxNumber().doubleValue() - value) <= tolerance) {
            value = -value;
        }
        cube.assign(value);
    }

    private static INDArrayIndex corner(long length, int side, SplittableRandom random) {
        int start = random.nextInt((int) length - side + 1);
        return NDArrayIndex.interval(start, start + side);
    }
}

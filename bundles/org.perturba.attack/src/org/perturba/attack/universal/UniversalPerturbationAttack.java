package org.perturba.attack.universal;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.gradient.Budget;
import org.perturba.attack.gradient.GradientOracle;
import org.perturba.attack.gradient.Schedule;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelInput;

/**
 * A universal adversarial perturbation (the idea of Moosavi-Dezfooli et al., 2017: one image-agnostic
 * perturbation), found here by projected mini-batch gradient ascent on the mean objective rather than
 * by their per-image DeepFool iterations: a regression target has no decision boundary to cross, and
 * batch gradients are what the models compute cheaply. Each epoch visits the fit set in a seeded
 * random order; per mini-batch the perturbation moves by a step along the sign of the batch-mean
 * gradient of the signed age (with respect to the shared perturbation, so only voxels inside each
 * image's brain mask count when brain-only), then is clipped to the L-infinity ball. Steps halve at half
 * and at three quarters of all mini-batch steps, and travel at least the ball's diameter in all (the
 * first step is raised when needed, see {@link Schedule#reaching}), so that every voxel can reach
 * either border however few subjects there are. Clean + perturbation is clamped to [0, 1] per image
 * when applied.
 * The gradient is the fit set's {@linkplain GradientOracle#of oracle}: with a context path it follows
 * the context recomputed from each perturbed image (the adaptive variant), else the context is fixed.
 */
public final class UniversalPerturbationAttack implements UniversalAttack {

    @Override
    public INDArray fit(BrainAgeModel model, ModelInput fitSet, AttackParameters parameters) {
        double epsilon = parameters.getDouble("epsilon");
        double sign = switch (parameters.get("direction")) {
        case "increase" -> 1.0;
        case "decrease" -> -1.0;
        default -> throw new IllegalArgumentException("the universal attack pushes one way: direction must be "
                + "increase or decrease, not '" + parameters.get("direction") + "'");
        };
        int batchSize = parameters.getInt("batch-size");
        boolean brainOnly = Budget.brainOnly(parameters);
        SplittableRandom random = new SplittableRandom(Long.parseLong(parameters.get("seed", "0")));

        INDArray images = fitSet.images();
        int n = (int) images.size(0);
        long[] shape = images.shape();
        INDArray perturbation = Nd4j.zeros(images.dataType(), 1, shape[1], shape[2], shape[3], shape[4]);
        int batchesPerEpoch = (n + batchSize - 1) / batchSize;
        int epochs = parameters.getInt("epochs");
        Schedule schedule = Schedule.reaching(epochs * batchesPerEpoch, parameters.getDouble("step-fraction"), 1);
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] order = shuffled(n, random);
            for (int b = 0; b < batchesPerEpoch; b++) {
                int from = b * batchSize;
                ModelInput batch = fitSet.rows(Arrays.copyOfRange(order, from, Math.min(n, from + batchSize)));
                INDArray adversarial = UniversalAttack.apply(perturbation, batch, brainOnly);
                INDArray gradient = GradientOracle.of(model, batch).ageGradient(adversarial);
                if (brainOnly) {
                    gradient.muli(batch.changeableVoxels());
                }
                INDArray mean = gradient.mean(true, 0);
                double step = schedule.fraction(epoch * batchesPerEpoch + b) * epsilon;
                perturbation.addi(Transforms.sign(mean, false).muli(sign * step));
                Transforms.min(Transforms.max(perturbation, -epsilon, false), epsilon, false);
            }
        }
        return perturbation;
    }

    private static int[] shuffled(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}

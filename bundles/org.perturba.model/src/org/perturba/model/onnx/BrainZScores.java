package org.perturba.model.onnx;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The {@code z-score} normalisation as a differentiable function of a batch {@code [n, 1, x, y, z]}:
 * inside each example's brain mask {@code m}, {@code z = (x - mean) / sd} with the mean and the
 * (population) standard deviation of the masked voxels; 0 outside. Its vector-Jacobian product
 * differentiates through the mean and deviation too:
 * {@code dL/dx = m / sd · (g - mean(g) - z · mean(g z))}, means over the mask.
 */
final class BrainZScores {
    private static final int[] VOXEL_AXES = { 1, 2, 3, 4 };
    /** Below this deviation an example counts as constant: its z-scores are 0, as are their gradients. */
    private static final double MIN_DEVIATION = 1e-12;

    private final INDArray mask;
    private final INDArray counts;
    /** 1 / sd per example, 0 for a constant one. */
    private final INDArray inverseDeviations;
    private final INDArray scores;

    /**
     * @param images the batch
     * @param mask 1 inside each example's brain, 0 elsewhere, same shape
     */
    BrainZScores(INDArray images, INDArray mask) {
        this.mask = mask;
        this.counts = Transforms.max(mask.sum(VOXEL_AXES), 1.0, false);
        INDArray means = images.mul(mask).sum(VOXEL_AXES).divi(counts);
        INDArray centred = images.sub(perExample(means, images)).muli(mask);
        INDArray variances = centred.mul(centred).sum(VOXEL_AXES).divi(counts);
        this.inverseDeviations = Transforms.sqrt(variances, false);
        for (long n = 0; n < inverseDeviations.length(); n++) {
            double deviation = inverseDeviations.getDouble(n);
            inverseDeviations.putScalar(n, deviation > MIN_DEVIATION ? 1 / deviation : 0);
        }
        this.scores = centred.muli(perExample(inverseDeviations, images));
    }

    /** The z-scores, what the network reads. */
    INDArray scores() {
        return scores;
    }

    /** The gradient with respect to the images of a scalar whose gradient with respect to the z-scores is {@code upstream}. */
    INDArray backpropagate(INDArray upstream) {
        INDArray masked = upstream.mul(mask);
        INDArray meanGradient = masked.sum(VOXEL_AXES).divi(counts);
        INDArray meanProduct = masked.mul(scores).sum(VOXEL_AXES).divi(counts);
        return masked.subi(perExample(meanGradient, upstream)).subi(scores.mul(perExample(meanProduct, upstream)))
                .muli(mask).muli(perExample(inverseDeviations, upstream));
    }

    /** One value per example, shaped to broadcast over a batch like {@code like}. */
    private static INDArray perExample(INDArray values, INDArray like) {
        return values.reshape(like.size(0), 1, 1, 1, 1).broadcast(like.shape());
    }
}

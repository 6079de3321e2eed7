package org.perturba.experiment.run;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The alignment {@code A = ||mean_i g_i||_1 / mean_i ||g_i||_1} of per-subject input gradients
 * {@code g_i} (inside the brain mask). One shared perturbation of L-infinity budget epsilon moves the
 * mean age, to first order, by at most {@code epsilon ||mean_i g_i||_1}, while per-image ones reach
 * {@code epsilon mean_i ||g_i||_1}: A (between 0 and 1) bounds what a universal perturbation can do
 * relative to per-image attacks. Gradients are added a batch at a time.
 */
public final class GradientAlignment {
    private INDArray sum;
    private double norms;

    /** @param gradients {@code [n, 1, x, y, z]}, already restricted to the mask */
    public GradientAlignment add(INDArray gradients) {
        INDArray batchSum = gradients.sum(true, 0);
        sum = sum == null ? batchSum : sum.addi(batchSum);
        for (int i = 0; i < gradients.size(0); i++) {
            norms += gradients.slice(i).norm1Number().doubleValue();
        }
        return this;
    }

    /** A; NaN before any gradient or when every gradient is zero. */
    public double value() {
        return sum == null || norms == 0 ? Double.NaN : sum.norm1Number().doubleValue() / norms;
    }
}

package org.perturba.experiment.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.experiment.run.GradientAlignment;

/** A = ||mean g||_1 / mean ||g||_1: 1 for equal gradients, 0 for opposite ones, in between otherwise, batch by batch. */
class GradientAlignmentTest {

    @Test
    void equalGradientsAreFullyAligned() {
        INDArray g = gradient(1, -2, 3, 0);
        assertEquals(1, new GradientAlignment().add(Nd4j.concat(0, g, g, g)).value(), 1e-9);
    }

    @Test
    void oppositeGradientsCancel() {
        INDArray g = gradient(1, -2, 3, 0.5);
        assertEquals(0, new GradientAlignment().add(g).add(g.neg()).value(), 1e-9, "added in two batches");
    }

    @Test
    void partlyCancellingGradientsLieBetween() {
        INDArray both = Nd4j.concat(0, gradient(2, 2, 0, 0), gradient(0, 0, 2, 2));
        double alignment = new GradientAlignment().add(both).value();
        assertEquals(1, alignment, 1e-9, "disjoint supports of one sign: nothing cancels");
        INDArray crossed = Nd4j.concat(0, gradient(2, 2, 0, 0), gradient(-2, 0, 2, 0));
        assertEquals(0.5, new GradientAlignment().add(crossed).value(), 1e-9, "||(0, 2, 2, 0) / 2||_1 / 4");
        assertTrue(Double.isNaN(new GradientAlignment().value()), "no gradients, no alignment");
    }

    /** One subject's gradient over four voxels, shaped {@code [1, 1, 2, 2, 1]}. */
    private static INDArray gradient(double a, double b, double c, double d) {
        return Nd4j.createFromArray(new double[] { a, b, c, d }).reshape(1, 1, 2, 2, 1);
    }
}

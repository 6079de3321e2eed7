package org.perturba.attack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.attack.Norm;
import org.perturba.attack.gradient.Budget;
import org.perturba.model.ModelInput;

/** The projections every gradient attack relies on: balls, intensity range, brain mask. */
class BudgetTest {
    private static final double EPSILON = 0.05;
    private final INDArray clean = UntrainedModel.heads(2, 1);
    private final INDArray outside = UntrainedModel.headMask(2).rsub(1);
    private final int voxels = UntrainedModel.GRID[0] * UntrainedModel.GRID[1] * UntrainedModel.GRID[2];
    private final double headVoxels = UntrainedModel.headMask(1).sumNumber().doubleValue();

    @Test
    void linfProjectionClipsToTheBallTheRangeAndTheHead() {
        INDArray wild = clean.add(Nd4j.rand(DataType.FLOAT, clean.shape()).subi(0.5).muli(4));
        INDArray projected = Budget.linf(clean, EPSILON, true).project(wild);
        assertTrue(projected.sub(clean).amaxNumber().doubleValue() <= EPSILON + 1e-6);
        assertInRange(projected);
        assertEquals(0, projected.mul(outside).amaxNumber().doubleValue(), "background must stay exactly 0");
        INDArray everywhere = Budget.linf(clean, EPSILON, false).project(wild);
        assertTrue(everywhere.mul(outside).amaxNumber().doubleValue() > 0, "without brain-only the background may change");
    }

    @Test
    void l2ProjectionShrinksOntoTheBallPerImageAndKeepsPointsInside() {
        double radius = EPSILON * Math.sqrt(voxels);
        Budget budget = Budget.l2(clean, EPSILON, false);
        INDArray far = clean.dup();
        far.slice(0).addi(0.3); // image 0 far outside the ball, image 1 untouched
        INDArray projected = budget.project(far);
        assertEquals(radius, projected.slice(0).sub(clean.slice(0)).norm2Number().doubleValue(), 1e-3);
        assertEquals(0, projected.slice(1).sub(clean.slice(1)).amaxNumber().doubleValue(), 1e-7);
        INDArray near = clean.add(0.01);
        INDArray kept = budget.project(near);
        assertEquals(0, kept.sub(Budget.linf(clean, 1, false).project(near)).amaxNumber().doubleValue(), 1e-7,
                "a point inside the ball only gets clamped to the range");
        assertInRange(projected);
    }

    @Test
    void randomStartsLieInTheBudgetAndFollowTheSeed() {
        for (Budget budget : new Budget[] { Budget.linf(clean, EPSILON, true), Budget.l2(clean, EPSILON, true) }) {
            INDArray start = budget.randomStart(new SplittableRandom(4));
            assertEquals(start, budget.randomStart(new SplittableRandom(4)));
            assertTrue(!start.equals(budget.randomStart(new SplittableRandom(5))));
            assertEquals(0, start.mul(outside).amaxNumber().doubleValue());
            assertInRange(start);
        }
        INDArray linf = Budget.linf(clean, EPSILON, true).randomStart(new SplittableRandom(4));
        assertTrue(linf.sub(clean).amaxNumber().doubleValue() <= EPSILON + 1e-6);
        INDArray l2 = Budget.l2(clean, EPSILON, true).randomStart(new SplittableRandom(4));
        for (int i = 0; i < 2; i++) {
            assertTrue(l2.slice(i).sub(clean.slice(i)).norm2Number().doubleValue() <= EPSILON * Math.sqrt(headVoxels) + 1e-3);
        }
    }

    @Test
    void ascentStepsAreSignsOrVectorsOfTheRadiusInsideTheHead() {
        INDArray gradient = Nd4j.rand(DataType.FLOAT, clean.shape()).subi(0.5);
        INDArray sign = Budget.linf(clean, EPSILON, true).ascentStep(clean, gradient, 0.5);
        assertEquals(EPSILON / 2, sign.amaxNumber().doubleValue(), 1e-7);
        assertEquals(0, sign.mul(outside).amaxNumber().doubleValue());
        INDArray step = Budget.l2(clean, EPSILON, true).ascentStep(clean, gradient, new double[] { 0.25, 1 });
        assertEquals(EPSILON * Math.sqrt(headVoxels) / 4, step.slice(0).norm2Number().doubleValue(), 1e-5);
        assertEquals(EPSILON * Math.sqrt(headVoxels), step.slice(1).norm2Number().doubleValue(), 1e-5);
        assertEquals(0, step.mul(outside).amaxNumber().doubleValue());
        assertThrows(IllegalArgumentException.class, () -> Budget.linf(clean, -1, true));
    }

    @Test
    void stepsLeaveVoxelsAtTheEndOfTheRangeThatTheGradientPushesFurther() {
        INDArray current = clean.dup();
        current.putScalar(new long[] { 0, 0, 8, 8, 8 }, 0);
        current.putScalar(new long[] { 0, 0, 8, 8, 9 }, 1);
        INDArray down = Nd4j.ones(DataType.FLOAT, clean.shape()).negi();
        INDArray step = Budget.l2(clean, EPSILON, true).ascentStep(current, down, 1);
        assertEquals(0, Math.abs(step.getDouble(0, 0, 8, 8, 8)), "already 0: cannot get darker");
        assertTrue(step.getDouble(0, 0, 8, 8, 9) < 0, "at 1 it may get darker");
        assertEquals(EPSILON * Math.sqrt(headVoxels), step.slice(0).norm2Number().doubleValue(), 1e-5,
                "the whole step goes to voxels that can move");
    }

    @Test
    void theL2RadiusCountsTheVoxelsOfTheBrainMaskVentriclesIncluded() {
        ModelInput ventricles = Ventricles.input(2, 1);
        Budget budget = Budget.of(Norm.L2, ventricles, EPSILON, true);
        INDArray far = budget.project(ventricles.images().add(0.3));
        for (int i = 0; i < 2; i++) {
            double norm = far.slice(i).sub(ventricles.images().slice(i)).norm2Number().doubleValue();
            assertEquals(EPSILON * Math.sqrt(Ventricles.maskVoxels()), norm, 1e-4, "the radius of 216 mask voxels of 512");
        }
        assertEquals(EPSILON, budget.changeSizes(far)[0], 1e-6, "the border is at epsilon per changeable voxel");
        assertEquals(EPSILON * Math.sqrt(Ventricles.maskVoxels() / 512.0),
                Budget.of(Norm.L2, ventricles, EPSILON, false).changeSizes(far)[0], 1e-6, "without brain-only, all voxels");
        INDArray linf = Budget.of(Norm.LINF, ventricles, EPSILON, true).project(ventricles.images().add(0.3));
        assertEquals(EPSILON, linf.getDouble(0, 0, 3, 3, 3), 1e-7, "a ventricle at 0 is inside the mask and may change");
        assertEquals(0, linf.getDouble(0, 0, 0, 0, 0), "the background may not");
    }

    @Test
    void changeSizesAreInTheUnitsOfEpsilonForEitherNorm() {
        INDArray adversarial = clean.dup();
        adversarial.putScalar(new long[] { 1, 0, 8, 8, 8 }, adversarial.getDouble(1, 0, 8, 8, 8) + 0.2);
        Budget linf = Budget.of(Norm.LINF, clean, EPSILON, true);
        Budget l2 = Budget.of(Norm.L2, clean, EPSILON, true);
        assertEquals(Norm.LINF, linf.norm());
        assertEquals(Norm.L2, l2.norm());
        double[] largest = linf.changeSizes(adversarial);
        double[] rootMeanSquare = l2.changeSizes(adversarial);
        assertEquals(0, largest[0]);
        assertEquals(0.2, largest[1], 1e-7);
        assertEquals(0, rootMeanSquare[0]);
        assertEquals(0.2 / Math.sqrt(headVoxels), rootMeanSquare[1], 1e-8, "one voxel's change spread over the head");
        INDArray onBall = l2.project(clean.add(0.3));
        assertEquals(EPSILON, l2.changeSizes(onBall)[0], 1e-6, "the L2 ball's border is at epsilon");
    }

    private static void assertInRange(INDArray images) {
        assertTrue(images.minNumber().doubleValue() >= 0 && images.maxNumber().doubleValue() <= 1,
                images.minNumber() + " .. " + images.maxNumber());
    }
}

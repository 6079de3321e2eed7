package org.perturba.segmentation.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perturba.anatomy.ContextExtractionException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;
import org.perturba.segmentation.SegmenterMetadata;
import org.perturba.segmentation.UNetSegmenter;

/**
 * The segmenter's vector-Jacobian product against central finite differences of
 * {@code sum(cotangent * probabilities)}, in double precision on 16³, along random directions and
 * for random cotangents: a wrong sign, scale or layout fails it.
 */
class SegmenterGradientTest {
    private static final int[] GRID = { 16, 16, 16 };
    /**
     * Small enough that no ReLU of the untrained network switches within the step: with 16 channels
     * at full resolution a step of 1e-5 along these directions crossed some, and the differences were
     * off by 2 per cent while 1e-7 agrees to 1e-8 (rounding is still far below the tolerance in double).
     */
    private static final double STEP = 1e-7;
    private static UNetSegmenter segmenter;
    private static Volume image;

    @BeforeAll
    static void untrainedSegmenter() {
        // unequal class weights: the product must not depend on how the loss weighs the classes
        segmenter = UNetSegmenter.create(new SegmenterMetadata(GRID, "test", List.of("a", "b", "c"), "none", 3, "none"),
                new double[] { 0.5, 1, 2, 4 }).inDoublePrecision();
        Random random = new Random(5);
        float[] voxels = new float[GRID[0] * GRID[1] * GRID[2]];
        for (int v = 0; v < voxels.length; v++) {
            voxels[v] = random.nextFloat();
        }
        image = new Volume(GRID, Affine.diagonal(1, 1, 1), voxels);
    }

    @Test
    void probabilitiesAreADistributionPerVoxel() throws ContextExtractionException {
        double[][] p = segmenter.probabilities(image);
        assertEquals(4, p.length);
        for (int v = 0; v < p[0].length; v += 97) {
            assertEquals(1, p[0][v] + p[1][v] + p[2][v] + p[3][v], 1e-9);
        }
    }

    @Test
    void vectorJacobianProductMatchesFiniteDifferences() throws ContextExtractionException {
        Random random = new Random(11);
        for (int trial = 0; trial < 3; trial++) {
            double[][] cotangent = new double[4][image.voxelCount()];
            for (double[] row : cotangent) {
                for (int v = 0; v < row.length; v++) {
                    row[v] = random.nextGaussian();
                }
            }
            double[] gradient = segmenter.vectorJacobianProduct(image, cotangent);
            double[] direction = new double[gradient.length];
            double predicted = 0;
            double norm = 0;
            for (int v = 0; v < direction.length; v++) {
                // the direction weighs some voxels far more than others, so a permuted layout shows
                direction[v] = random.nextGaussian() * (v % 7 == 0 ? 10 : 1);
                predicted += gradient[v] * direction[v];
                norm += gradient[v] * gradient[v];
            }
            double numeric = (objective(cotangent, direction, STEP) - objective(cotangent, direction, -STEP)) / (2 * STEP);
            double batchedPredicted = segmenter.vectorJacobianProduct(batched(new double[][] { toDoubles(image.voxels()) }),
                    batched(cotangent)).mul(batched(new double[][] { direction })).sumNumber().doubleValue();
            assertEquals(predicted, batchedPredicted, 1e-9 * Math.max(1, Math.abs(predicted)), "both forms agree");
            assertTrue(norm > 1e-6, "a gradient to check");
            assertEquals(numeric, predicted, 1e-6 * Math.max(1, Math.abs(numeric)), "trial " + trial);
        }
    }

    @Test
    void refusesImagesOffTheGrid() {
        Volume other = Volume.zeros(new int[] { 8, 8, 8 }, Affine.diagonal(1, 1, 1));
        assertThrows(ContextExtractionException.class, () -> segmenter.probabilities(other));
    }

    /**
     * The objective at image + step * direction, through the batched form in double precision (a
     * Volume holds floats, too coarse for a step of 1e-5); Volume-ordered rows become [1, rows, x, y, z].
     */
    private static double objective(double[][] cotangent, double[] direction, double step) {
        INDArray moved = batched(new double[][] { toDoubles(image.voxels()) })
                .addi(batched(new double[][] { direction }).muli(step));
        return segmenter.probabilities(moved).mul(batched(cotangent)).sumNumber().doubleValue();
    }

    private static INDArray batched(double[][] rows) {
        return Nd4j.createFromArray(rows).reshape('c', 1, rows.length, GRID[2], GRID[1], GRID[0]).permute(0, 1, 4, 3, 2)
                .dup('c');
    }

    private static double[] toDoubles(float[] values) {
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        return doubles;
    }
}

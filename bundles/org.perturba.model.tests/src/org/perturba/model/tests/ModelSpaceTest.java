package org.perturba.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Interpolation;
import org.perturba.imaging.Reslicer;
import org.perturba.imaging.Volume;
import org.perturba.model.ModelMetadata;
import org.perturba.model.ModelSpace;

/**
 * A skull-stripped scan on another grid keeps its brain's extent on the model's grid, and the
 * gradient carried back to the scan is the exact adjoint of that resampling.
 */
class ModelSpaceTest {
    private static final int[] SCAN_GRID = { 30, 27, 24 };
    private static final int[] MODEL_GRID = { 20, 18, 16 };
    private static final double RADIUS_MM = 38;

    /** A brain-like ball of varying intensity on a 4 mm grid, zero outside, centred on the world origin. */
    private static Volume skullStrippedScan() {
        Affine affine = Affine.fromShapeAndZooms(SCAN_GRID, new double[] { 4, 4, 4 });
        Volume scan = Volume.zeros(SCAN_GRID, affine);
        float[] voxels = scan.voxels();
        int index = 0;
        for (int k = 0; k < SCAN_GRID[2]; k++) {
            for (int j = 0; j < SCAN_GRID[1]; j++) {
                for (int i = 0; i < SCAN_GRID[0]; i++, index++) {
                    double[] world = affine.apply(i, j, k);
                    if (Math.hypot(Math.hypot(world[0], world[1]), world[2]) <= RADIUS_MM) {
                        voxels[index] = (float) (60 + 30 * Math.sin(0.2 * i + 0.3 * j) + 10 * Math.cos(0.25 * k));
                    }
                }
            }
        }
        return scan;
    }

    private static ModelMetadata modelOn6mmGrid() {
        return new ModelMetadata("conventional", MODEL_GRID, "z-score", 50, 10, Optional.empty(), 1, "")
                .withGridAffine(Affine.fromShapeAndZooms(MODEL_GRID, new double[] { 6, 6, 6 }));
    }

    private static int nonZero(float[] values) {
        int count = 0;
        for (float value : values) {
            count += value != 0 ? 1 : 0;
        }
        return count;
    }

    @Test
    void aSkullStrippedScanKeepsItsBrainsExtentOnTheModelsGrid() {
        Volume scan = skullStrippedScan();
        ModelMetadata model = modelOn6mmGrid();
        Affine grid = model.gridAffine().orElseThrow();
        int inside = 0;
        for (int k = 0; k < MODEL_GRID[2]; k++) {
            for (int j = 0; j < MODEL_GRID[1]; j++) {
                for (int i = 0; i < MODEL_GRID[0]; i++) {
                    double[] world = grid.apply(i, j, k);
                    inside += Math.hypot(Math.hypot(world[0], world[1]), world[2]) <= RADIUS_MM ? 1 : 0;
                }
            }
        }
        int kept = nonZero(ModelSpace.onGrid(scan, true, model, Interpolation.TRILINEAR).voxels());
        int smeared = nonZero(Reslicer.reslice(scan, MODEL_GRID, grid, Interpolation.TRILINEAR, 0).voxels());
        // the grid's voxel centres inside the ball are the brain's true extent on it; resampling alone
        // adds a rim of small values around it
        assertEquals(inside, kept, 0.04 * inside, "non-zero voxels on the model's grid against " + inside + " centres in the brain");
        assertTrue(smeared > 1.1 * inside, "plain trilinear resampling gives " + smeared + " non-zero voxels: the test no longer sees the rim");
    }

    @Test
    void theGradientCarriedBackToTheScanIsTheAdjointOfTheResampling() {
        Volume scan = skullStrippedScan();
        ModelMetadata model = modelOn6mmGrid();
        float[] onGrid = ModelSpace.onGrid(scan, true, model, Interpolation.TRILINEAR).voxels();
        Random random = new Random(11);
        float[] gradient = new float[onGrid.length];
        for (int i = 0; i < gradient.length; i++) {
            gradient[i] = (float) random.nextGaussian();
        }
        float[] onScan = ModelSpace.gradientOnScan(gradient, scan, true, model);
        // the mask is the scan's own: the resampling is linear in the scan's values, <R x, g> = <x, R' g>
        double forward = 0, back = 0;
        for (int i = 0; i < onGrid.length; i++) {
            forward += (double) onGrid[i] * gradient[i];
        }
        float[] voxels = scan.voxels();
        for (int i = 0; i < voxels.length; i++) {
            back += (double) voxels[i] * onScan[i];
        }
        assertEquals(forward, back, 1e-5 * Math.abs(forward), "<R x, g> against <x, R' g>");
    }
}

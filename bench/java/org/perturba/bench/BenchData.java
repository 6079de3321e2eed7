package org.perturba.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Synthetic batches for the model benchmarks: an ellipsoid of random tissue intensities in (0, 1]
 * on a zero background, its radii 0.42 of each side (a ball on a cube), like a skull-stripped head,
 * so that brain-only masking has work to do. The reference side (brain_age_torch.batch) builds
 * batches the same way.
 */
final class BenchData {
    private static final double RADIUS_PER_SIDE = 0.42;

    private BenchData() {
    }

    /** A batch of {@code [batch, 1, grid[0], grid[1], grid[2]]}, as {@code ModelInput} holds images. */
    static INDArray images(int batch, int[] grid, long seed) {
        Nd4j.getRandom().setSeed(seed);
        long[] shape = { batch, 1, grid[0], grid[1], grid[2] };
        INDArray images = Nd4j.rand(DataType.FLOAT, shape).muli(0.9).addi(0.05);
        float[] mask = new float[grid[0] * grid[1] * grid[2]];
        int voxel = 0;
        for (int i = 0; i < grid[0]; i++) {
            for (int j = 0; j < grid[1]; j++) {
                for (int k = 0; k < grid[2]; k++) {
                    double di = scaled(i, grid[0]);
                    double dj = scaled(j, grid[1]);
                    double dk = scaled(k, grid[2]);
                    mask[voxel++] = di * di + dj * dj + dk * dk <= 1 ? 1 : 0;
                }
            }
        }
        INDArray ellipsoid = Nd4j.create(mask, new long[] { 1, 1, grid[0], grid[1], grid[2] });
        return images.muli(ellipsoid.broadcast(shape));
    }

    static INDArray images(int batch, int side, long seed) {
        return images(batch, new int[] { side, side, side }, seed);
    }

    /** Distance from the centre along one axis, in radii of the ellipsoid. */
    private static double scaled(int index, int side) {
        return (index - (side - 1) / 2.0) / (side * RADIUS_PER_SIDE);
    }
}

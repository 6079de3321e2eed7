package org.perturba.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Synthetic batches for the model benchmarks: a ball of random tissue intensities in (0, 1] on a
 * zero background, like a skull-stripped head, so that brain-only masking has work to do. The
 * reference side (bench.py) builds batches the same way.
 */
final class BenchData {
    private BenchData() {
    }

    static INDArray images(int batch, int side, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray images = Nd4j.rand(DataType.FLOAT, batch, 1, side, side, side).muli(0.9).addi(0.05);
        float[] mask = new float[side * side * side];
        double centre = (side - 1) / 2.0;
        double radius = side * 0.42;
        for (int z = 0; z < side; z++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double dx = x - centre;
                    double dy = y - centre;
                    double dz = z - centre;
                    mask[(z * side + y) * side + x] = dx * dx + dy * dy + dz * dz <= radius * radius ? 1 : 0;
                }
            }
        }
        INDArray ball = Nd4j.create(mask, new long[] { 1, 1, side, side, side });
        return images.muli(ball.broadcast(batch, 1, side, side, side));
    }
}

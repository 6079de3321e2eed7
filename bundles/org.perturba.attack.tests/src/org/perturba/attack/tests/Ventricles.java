package org.perturba.attack.tests;

import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.model.ModelInput;

/**
 * Images on the {@link ProjectionModel#GRID} whose brain mask has "ventricles": a 6³ brain of seeded
 * values in [0.3, 0.7] (so that small budgets never clamp) inside a background of 0, with a 2³ block
 * in its middle at 0, as the normalisation leaves the darkest fluid, yet inside the mask.
 */
final class Ventricles {
    private Ventricles() {
    }

    static ModelInput input(int n, long seed) {
        Random random = new Random(seed);
        long[] shape = { n, 1, ProjectionModel.GRID[0], ProjectionModel.GRID[1], ProjectionModel.GRID[2] };
        INDArray images = Nd4j.zeros(DataType.FLOAT, shape);
        INDArray mask = Nd4j.zeros(DataType.FLOAT, shape);
        for (int example = 0; example < n; example++) {
            for (int x = 1; x < 7; x++) {
                for (int y = 1; y < 7; y++) {
                    for (int z = 1; z < 7; z++) {
                        long[] at = { example, 0, x, y, z };
                        mask.putScalar(at, 1);
                        images.putScalar(at, ventricle(x, y, z) ? 0 : 0.3 + 0.4 * random.nextDouble());
                    }
                }
            }
        }
        return ModelInput.imagesOnly(images).withBrainMask(mask);
    }

    static boolean ventricle(int x, int y, int z) {
        return x >= 3 && x < 5 && y >= 3 && y < 5 && z >= 3 && z < 5;
    }

    /** Voxels of each image's brain mask, ventricles included. */
    static int maskVoxels() {
        return 6 * 6 * 6;
    }

    /**
     * 1 where a voxel of {@code input}'s mask can move the way {@code push} (+1 or -1) times
     * {@code weights} asks: every one of them but the ventricles (at 0) that would have to get darker.
     */
    static INDArray free(ModelInput input, INDArray weights, double push) {
        INDArray images = input.images().castTo(DataType.DOUBLE);
        INDArray wanted = Nd4j.zeros(DataType.DOUBLE, images.shape());
        for (int example = 0; example < images.size(0); example++) {
            wanted.slice(example).assign(weights.slice(0).castTo(DataType.DOUBLE).mul(push));
        }
        INDArray stuck = images.lte(0.0).castTo(DataType.DOUBLE).muli(wanted.lt(0.0).castTo(DataType.DOUBLE));
        return input.brainMask().orElseThrow().castTo(DataType.DOUBLE).mul(stuck.rsub(1));
    }
}

package org.perturba.attack.tests;

import java.util.Optional;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelMetadata;
import org.perturba.model.cnn.ConventionalCnnFactory;

/** A real, untrained conventional CNN on a 16³ grid and a fixed batch of images to attack it with. */
final class UntrainedModel {
    static final int[] GRID = { 16, 16, 16 };

    private UntrainedModel() {
    }

    static BrainAgeModel conventional() {
        return new ConventionalCnnFactory().create(new ModelMetadata("conventional", GRID, "none", 50, 10,
                Optional.empty(), 7, ""));
    }

    /** Two images of seeded uniform noise, kept inside (0, 1) by {@code margin}. */
    static INDArray images(double margin) {
        Nd4j.getRandom().setSeed(11);
        return Nd4j.rand(DataType.FLOAT, 2, 1, GRID[0], GRID[1], GRID[2]).muli(1 - 2 * margin).addi(margin);
    }
}

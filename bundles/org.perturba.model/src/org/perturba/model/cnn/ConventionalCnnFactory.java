package org.perturba.model.cnn;

import java.util.Arrays;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.perturba.dl4j.Nd4jRuntime;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelFactory;

/** Contributes the conventional 3D CNN ({@code conventional}) to {@code org.perturba.models}. */
public final class ConventionalCnnFactory implements ModelFactory {
    /** Three 2x poolings: each side must be divisible by 8. */
    private static final int GRID_MULTIPLE = 8;

    @Override
    public BrainAgeModel create(int[] grid, long seed) {
        if (grid.length != 3 || Arrays.stream(grid).anyMatch(n -> n < GRID_MULTIPLE || n % GRID_MULTIPLE != 0)) {
            throw new IllegalArgumentException("input grid " + Arrays.toString(grid)
                    + " must have 3 sides, each a positive multiple of " + GRID_MULTIPLE);
        }
        Nd4jRuntime.initialise();
        MultiLayerNetwork network = new MultiLayerNetwork(ConventionalCnnArchitecture.configuration(grid, seed));
        network.init();
        return new ConventionalCnn(network, grid);
    }
}

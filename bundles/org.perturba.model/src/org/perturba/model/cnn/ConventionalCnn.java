package org.perturba.model.cnn;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.model.BrainAgeModel;

/** The conventional 3D CNN brain-age model, backed by a DL4J {@link MultiLayerNetwork}. */
public final class ConventionalCnn implements BrainAgeModel {
    /**
     * With an MSE loss on one output, d(loss)/d(prediction) = 2 (prediction - label); labels half a
     * year below the prediction make that exactly 1, so the loss gradient DL4J returns for the input
     * is the gradient of the predicted age itself.
     */
    private static final double UNIT_LOSS_GRADIENT_OFFSET = 0.5;

    private final MultiLayerNetwork network;
    private final int[] grid;

    public ConventionalCnn(MultiLayerNetwork network, int[] grid) {
        this.network = network;
        this.grid = grid.clone();
    }

    @Override
    public int[] inputGrid() {
        return grid.clone();
    }

    @Override
    public double[] predictAges(INDArray images) {
        return network.output(images, false).reshape(images.size(0)).toDoubleVector();
    }

    @Override
    public INDArray ageGradient(INDArray images) {
        INDArray labels = network.output(images, false).subi(UNIT_LOSS_GRADIENT_OFFSET);
        return network.calculateGradients(images, labels, null, null).getSecond();
    }

    /** The underlying network, for training and persistence. */
    public MultiLayerNetwork network() {
        return network;
    }
}

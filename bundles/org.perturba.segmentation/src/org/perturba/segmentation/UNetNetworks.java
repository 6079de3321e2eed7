package org.perturba.segmentation;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling3D;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.perturba.model.BrainAgeNetworks;
import org.perturba.model.layers.LeanConvolution3D;

/**
 * The segmentation network: a 3D U-Net as a DL4J computation graph. Each encoder level convolves
 * (3x3x3, ReLU) and max-pools by 2; the decoder projects to the finer level's channels (1x1x1),
 * upsamples by 2 (nearest), adds the encoder's activation of the same resolution (skip connection)
 * and convolves. The skips add rather than concatenate because DL4J 1.0.0-M2.1's {@code MergeVertex}
 * cannot back-propagate rank-5 activations. A final 1x1x1 convolution gives one
 * logit per class and voxel, and the loss layer takes a per-voxel softmax with cross-entropy. No
 * dropout or batch normalisation, so that training-mode and inference-mode gradients agree.
 *
 * <p>The network computes channels-last ({@link BrainAgeNetworks#IMAGE_FORMAT}, for oneDNN's fast
 * kernels) on {@code [n, z, y, x, channels]}: voxels in {@code Volume} order are then the network's
 * memory order, without copying.
 */
final class UNetNetworks {
    static final String INPUT = "image";
    /** The 1x1x1 convolution before the softmax: the logits the gradients are computed from. */
    static final String LOGITS = "logits";
    static final String OUTPUT = "regions";
    /**
     * Channels per level, finest first; the grid is pooled once between levels. 16 at full resolution,
     * where the last decoder convolution must carry a logit per class: with 8 (fewer than the 8
     * classes of brain-regions) the demo cohort's test Dice was 0.68 instead of 0.80
     * (docs/segmentation.md).
     */
    private static final int[] CHANNELS = { 16, 16, 32 };
    /** Each grid side must divide by 2 once per pooling. */
    static final int GRID_MULTIPLE = 1 << (CHANNELS.length - 1);
    private static final double LEARNING_RATE = 1e-2;
    private static final Convolution3D.DataFormat FORMAT = BrainAgeNetworks.IMAGE_FORMAT;

    private UNetNetworks() {
    }

    /** @throws IllegalArgumentException in one line when a side of {@code grid} does not fit the poolings */
    static ComputationGraphConfiguration configuration(int[] grid, double[] classWeights, long seed) {
        int classes = classWeights.length;
        for (int side : grid) {
            if (side < GRID_MULTIPLE || side % GRID_MULTIPLE != 0) {
                throw new IllegalArgumentException("segmenter grid " + Arrays.toString(grid)
                        + ": each side must be a positive multiple of " + GRID_MULTIPLE);
            }
        }
        var graph = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .weightInit(WeightInit.RELU)
                .updater(new Adam(LEARNING_RATE))
                .graphBuilder()
                .addInputs(INPUT);
        String previous = INPUT;
        String[] skips = new String[CHANNELS.length];
        for (int level = 0; level < CHANNELS.length; level++) {
            if (level > 0) {
                graph.addLayer("pool" + level, new Subsampling3DLayer.Builder(PoolingType.MAX).kernelSize(2, 2, 2)
                        .stride(2, 2, 2).dataFormat(FORMAT).build(), previous);
                previous = "pool" + level;
            }
            previous = convolution(graph, "down" + level, CHANNELS[level], 3, previous, level == 0);
            skips[level] = previous;
        }
        for (int level = CHANNELS.length - 2; level >= 0; level--) {
            // to the finer level's channels at the coarse resolution, where it is cheap
            previous = convolution(graph, "project" + level, CHANNELS[level], 1, previous, false);
            graph.addLayer("up" + level, new Upsampling3D.Builder(2).dataFormat(FORMAT).build(), previous);
            graph.addVertex("skip" + level, new ElementWiseVertex(ElementWiseVertex.Op.Add), "up" + level, skips[level]);
            previous = convolution(graph, "conv-up" + level, CHANNELS[level], 3, "skip" + level, false);
        }
        graph.addLayer(LOGITS, new Convolution3D.Builder().kernelSize(1, 1, 1).dataFormat(FORMAT).nOut(classes)
                .activation(Activation.IDENTITY).build(), previous);
        graph.addLayer(OUTPUT, new Cnn3DLossLayer.Builder(FORMAT).lossFunction(new LossMCXENT(Nd4j.createFromArray(classWeights)))
                .activation(Activation.SOFTMAX).build(), LOGITS);
        graph.setOutputs(OUTPUT);
        graph.setInputTypes(InputType.convolutional3D(FORMAT, grid[2], grid[1], grid[0], 1));
        return graph.build();
    }

    private static String convolution(ComputationGraphConfiguration.GraphBuilder graph, String name, int channels, int kernel,
            String input, boolean readsNetworkInput) {
        graph.addLayer(name, new LeanConvolution3D(new Convolution3D.Builder().kernelSize(kernel, kernel, kernel)
                .convolutionMode(ConvolutionMode.Same).dataFormat(FORMAT).nOut(channels).activation(Activation.RELU),
                readsNetworkInput), input);
        return name;
    }
}

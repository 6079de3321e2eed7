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
    /**
     * The most voxels the U-Net's finest level works on: beyond, the image is first average-pooled by
     * the smallest power of 2 that brings it there (the stem), and the decoder's features are
     * upsampled back and added to a full-resolution convolution of the image before the logits. At
     * 2 mm (96x112x96, 1.03 million voxels) the levels then run at 4, 8 and 16 mm: the 3x3x3
     * convolutions of 16 channels cost about 14,000 multiply-adds per voxel at full resolution, 45
     * times the brain-age CNN's, which would make the segmenter most of the study's time.
     */
    private static final long MAX_LEVEL_VOXELS = 64L * 64 * 64;
    private static final double LEARNING_RATE = 1e-2;
    private static final Convolution3D.DataFormat FORMAT = BrainAgeNetworks.IMAGE_FORMAT;

    private UNetNetworks() {
    }

    /** The stem's pooling factor on {@code grid}: 1 (none) up to 64³ voxels, else the power of 2 that brings it there. */
    static int stem(int[] grid) {
        long voxels = (long) grid[0] * grid[1] * grid[2];
        int stem = 1;
        while (voxels / ((long) stem * stem * stem) > MAX_LEVEL_VOXELS) {
            stem *= 2;
        }
        return stem;
    }

    /** What each side of {@code grid} must be a multiple of: the stem times 2 per pooling between levels. */
    static int gridMultiple(int[] grid) {
        return stem(grid) << (CHANNELS.length - 1);
    }

    /** @throws IllegalArgumentException in one line when a side of {@code grid} does not fit the poolings */
    static ComputationGraphConfiguration configuration(int[] grid, double[] classWeights, long seed) {
        int classes = classWeights.length;
        int multiple = gridMultiple(grid);
        for (int side : grid) {
            if (side < multiple || side % multiple != 0) {
                throw new IllegalArgumentException("segmenter grid " + Arrays.toString(grid)
                        + ": each side must be a positive multiple of " + multiple);
            }
        }
        var graph = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .weightInit(WeightInit.RELU)
                .updater(new Adam(LEARNING_RATE))
                .graphBuilder()
                .addInputs(INPUT);
        int stem = stem(grid);
        String previous = INPUT;
        if (stem > 1) {
            graph.addLayer("stem", new Subsampling3DLayer.Builder(PoolingType.AVG).kernelSize(stem, stem, stem)
                    .stride(stem, stem, stem).dataFormat(FORMAT).build(), INPUT);
            previous = "stem";
        }
        String[] skips = new String[CHANNELS.length];
        for (int level = 0; level < CHANNELS.length; level++) {
            if (level > 0) {
                graph.addLayer("pool" + level, new Subsampling3DLayer.Builder(PoolingType.MAX).kernelSize(2, 2, 2)
                        .stride(2, 2, 2).dataFormat(FORMAT).build(), previous);
                previous = "pool" + level;
            }
            previous = convolution(graph, "down" + level, CHANNELS[level], 3, previous, level == 0 && stem == 1);
            skips[level] = previous;
        }
        for (int level = CHANNELS.length - 2; level >= 0; level--) {
            // to the finer level's channels at the coarse resolution, where it is cheap
            previous = convolution(graph, "project" + level, CHANNELS[level], 1, previous, false);
            graph.addLayer("up" + level, new Upsampling3D.Builder(2).dataFormat(FORMAT).build(), previous);
            graph.addVertex("skip" + level, new ElementWiseVertex(ElementWiseVertex.Op.Add), "up" + level, skips[level]);
            previous = convolution(graph, "conv-up" + level, CHANNELS[level], 3, "skip" + level, false);
        }
        if (stem > 1) {
            // boundaries at the image's own resolution: the levels see only the stem's averages
            graph.addLayer("unstem", new Upsampling3D.Builder(stem).dataFormat(FORMAT).build(), previous);
            String fine = convolution(graph, "fine", CHANNELS[0], 3, INPUT, true);
            graph.addVertex("fine-skip", new ElementWiseVertex(ElementWiseVertex.Op.Add), "unstem", fine);
            previous = "fine-skip";
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

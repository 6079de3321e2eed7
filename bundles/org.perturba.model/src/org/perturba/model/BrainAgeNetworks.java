package org.perturba.model;

import java.util.Arrays;
import java.util.stream.Stream;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.perturba.model.layers.LeanConvolution3D;

/**
 * The brain-age networks of the study, as DL4J computation graphs. The image branch is the
 * conventional 3D CNN: convolution/pooling blocks with doubling channel counts, global average
 * pooling and a dense layer; optionally with an intensity path beside the convolutions (soft
 * thresholds of each voxel's intensity averaged over the grid, a cumulative intensity histogram)
 * into the same dense layer. The hybrid model adds a context branch (a linear projection of the
 * standardised context features, strongly L2-penalised: ridge regression inside the network)
 * merged with the image branch before the regression head. No
 * dropout or batch normalisation, so that training-mode and inference-mode gradients agree.
 */
public final class BrainAgeNetworks {
    public static final String IMAGE_INPUT = "image";
    public static final String CONTEXT_INPUT = "context";
    /** The output layer: one unit, identity activation, MSE loss on the standardised age. */
    public static final String AGE_OUTPUT = "age";
    /** Channels of the first convolution, doubling with each pooling stage. */
    private static final int FIRST_CHANNELS = 8;
    /**
     * The image branch computes channels-last ([n, depth, height, width, channels]). With oneDNN 2.3
     * (ND4J 1.0.0-M2.1) channels-first max pooling runs oneDNN's generic {@code simple_nchw} kernel,
     * 20-40x slower than its vectorised channels-last kernel (8x8x32³: 17 ms instead of 0.4-0.9 ms,
     * and DL4J pools twice per training step: forward, then again inside {@code maxpool3dnew_bp});
     * the first convolution is faster too. Outputs and gradients are bitwise the same. The images
     * have one channel, so [n, 1, d, h, w] and [n, d, h, w, 1] are the same memory:
     * {@link GraphBrainAgeModel#networkInputs} reshapes, without copying.
     */
    public static final Convolution3D.DataFormat IMAGE_FORMAT = Convolution3D.DataFormat.NDHWC;
    private static final int IMAGE_UNITS = 32;
    /** The intensity path's last layer, standardised from the training images before training. */
    public static final String INTENSITY_FEATURES = "intensity-features";
    /** Soft intensity thresholds, spread evenly over the normalised intensity range [0, 1]. */
    private static final int INTENSITY_THRESHOLDS = 16;
    /**
     * Steepness of each threshold at initialisation: a transition about 0.1 wide, about the
     * spacing of the thresholds, so that together they resolve the grey/white contrast.
     */
    private static final double INTENSITY_SLOPE = 40;
    /** Floor of the fractions' spread (a tenth of a per cent of the grid), for training images that barely differ. */
    private static final double MIN_FEATURE_SD = 1e-3;
    private static final int CONTEXT_UNITS = 8;
    /**
     * A hundred-odd regional volumes against a few hundred subjects: without a strong penalty the
     * context branch memorises the training split (decoupled weight decay, scaled by the learning
     * rate, was far too weak; 0.1 and 3 did worse than 1 on the default cohort).
     */
    private static final double CONTEXT_L2 = 1;
    private static final double LEARNING_RATE = 2e-3;
    /** Learning rate decay per iteration: about a third over 1000 iterations. */
    private static final double LEARNING_RATE_DECAY = 0.999;

    private BrainAgeNetworks() {
    }

    /** What the image branch reads before its dense layer. */
    public enum ImageBranch {
        /** The convolution blocks alone (Li et al. 2020). */
        CONVOLUTIONS,
        /** The convolution blocks and the intensity path. */
        CONVOLUTIONS_AND_INTENSITIES
    }

    /** The network for a model: with a context branch when the metadata lists context features. */
    public static ComputationGraphConfiguration configuration(ModelMetadata metadata, ImageBranch imageBranch) {
        int[] grid = metadata.grid();
        int multiple = NetworkGrid.gridMultiple(grid);
        for (int side : grid) {
            if (side < multiple || side % multiple != 0) {
                throw new IllegalArgumentException("input grid " + Arrays.toString(grid)
                        + ": each side must be a positive multiple of " + multiple);
            }
        }
        var graph = new NeuralNetConfiguration.Builder()
                .seed(metadata.seed())
                .weightInit(WeightInit.RELU)
                .updater(new Adam(new ExponentialSchedule(ScheduleType.ITERATION, LEARNING_RATE, LEARNING_RATE_DECAY)))
                .graphBuilder()
                .addInputs(metadata.contextSize() > 0 ? new String[] { IMAGE_INPUT, CONTEXT_INPUT } : new String[] { IMAGE_INPUT });
        String previous = IMAGE_INPUT;
        int stages = NetworkGrid.poolingStages(grid);
        for (int block = 0; block < stages; block++) {
            graph.addLayer("conv" + block, new LeanConvolution3D(new Convolution3D.Builder()
                    .kernelSize(3, 3, 3)
                    .convolutionMode(ConvolutionMode.Same)
                    .dataFormat(IMAGE_FORMAT)
                    .nOut(FIRST_CHANNELS << block)
                    .activation(Activation.RELU), block == 0), previous);
            graph.addLayer("pool" + block, new Subsampling3DLayer.Builder(PoolingType.MAX)
                    .kernelSize(2, 2, 2)
                    .stride(2, 2, 2)
                    .dataFormat(IMAGE_FORMAT)
                    .build(), "conv" + block);
            previous = "pool" + block;
        }
        // DL4J cannot feed a 3D convolution straight into a dense layer: pool globally first
        graph.addLayer("global-pool", new GlobalPoolingLayer.Builder(PoolingType.AVG)
                .poolingDimensions(spatialDimensions(IMAGE_FORMAT)).build(), previous);
        String imageFeatures = "global-pool";
        if (imageBranch == ImageBranch.CONVOLUTIONS_AND_INTENSITIES) {
            addIntensityPath(graph);
            imageFeatures = "image-features";
            graph.addVertex(imageFeatures, new MergeVertex(), "global-pool", INTENSITY_FEATURES);
        }
        graph.addLayer("image-dense", new DenseLayer.Builder().nOut(IMAGE_UNITS).activation(Activation.RELU).build(),
                imageFeatures);
        String head = "image-dense";
        if (metadata.contextSize() > 0) {
            graph.addLayer("context-dense", new DenseLayer.Builder().nOut(CONTEXT_UNITS).activation(Activation.IDENTITY)
                    .l2(CONTEXT_L2).build(), CONTEXT_INPUT);
            graph.addVertex("merge", new MergeVertex(), "image-dense", "context-dense");
            head = "merge";
        }
        graph.addLayer(AGE_OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                .nOut(1)
                .activation(Activation.IDENTITY)
                .build(), head);
        graph.setOutputs(AGE_OUTPUT);
        InputType image = InputType.convolutional3D(IMAGE_FORMAT, grid[0], grid[1], grid[2], 1);
        if (metadata.contextSize() > 0) {
            graph.setInputTypes(image, InputType.feedForward(metadata.contextSize()));
        } else {
            graph.setInputTypes(image);
        }
        return graph.build();
    }

    /**
     * Age changes the distribution of intensities (grey/white contrast, tissue against fluid) by
     * a few per cent of each histogram bin: max pooling and global averaging of the convolutions
     * keep little of that, and unstandardised fractions vary too little between subjects for
     * gradient descent to read them in a few hundred steps (a ridge regression on them does).
     */
    private static void addIntensityPath(ComputationGraphConfiguration.GraphBuilder graph) {
        graph.addLayer("intensity-thresholds", new Convolution3D.Builder()
                .kernelSize(1, 1, 1)
                .dataFormat(IMAGE_FORMAT)
                .nOut(INTENSITY_THRESHOLDS)
                .activation(Activation.SIGMOID)
                .build(), IMAGE_INPUT);
        graph.addLayer("intensity-pool", new GlobalPoolingLayer.Builder(PoolingType.AVG)
                .poolingDimensions(spatialDimensions(IMAGE_FORMAT)).build(), "intensity-thresholds");
        graph.addLayer(INTENSITY_FEATURES, new DenseLayer.Builder().nOut(INTENSITY_THRESHOLDS)
                .activation(Activation.IDENTITY).build(), "intensity-pool");
    }

    /** Spreads the intensity thresholds evenly over [0, 1], if the network has them: for a freshly initialised network. */
    static void initialiseIntensityThresholds(ComputationGraph network) {
        if (!hasIntensityPath(network)) {
            return;
        }
        var thresholds = network.getLayer("intensity-thresholds");
        thresholds.getParam("W").assign(INTENSITY_SLOPE);
        INDArray bias = thresholds.getParam("b");
        for (int k = 0; k < INTENSITY_THRESHOLDS; k++) {
            bias.putScalar(k, -INTENSITY_SLOPE * (k + 0.5) / INTENSITY_THRESHOLDS);
        }
    }

    /**
     * Data-dependent initialisation: sets the intensity-feature layer to centre the pooled threshold
     * fractions over the given inputs (the training images) and scale them by their mean spread, so
     * that training starts from features of about unit spread. One scale for all, not a z-score per
     * feature: a threshold that few voxels cross varies by a handful of voxels, and dividing by that
     * spread would turn image noise into large features. Does nothing to a network without an
     * intensity path.
     */
    public static void standardiseIntensityFeatures(ComputationGraph network, Stream<INDArray[]> inputs) {
        if (!hasIntensityPath(network)) {
            return;
        }
        double[] sum = new double[INTENSITY_THRESHOLDS];
        double[] sumOfSquares = new double[INTENSITY_THRESHOLDS];
        long[] count = { 0 };
        inputs.forEach(batch -> {
            double[][] fractions = network.feedForward(batch, false).get("intensity-pool").toDoubleMatrix();
            for (double[] subject : fractions) {
                for (int k = 0; k < INTENSITY_THRESHOLDS; k++) {
                    sum[k] += subject[k];
                    sumOfSquares[k] += subject[k] * subject[k];
                }
            }
            count[0] += fractions.length;
        });
        double[] means = new double[INTENSITY_THRESHOLDS];
        double spread = 0;
        for (int k = 0; k < INTENSITY_THRESHOLDS; k++) {
            means[k] = sum[k] / count[0];
            spread += Math.sqrt(Math.max(0, sumOfSquares[k] / count[0] - means[k] * means[k])) / INTENSITY_THRESHOLDS;
        }
        double scale = 1 / Math.max(MIN_FEATURE_SD, spread);
        var layer = network.getLayer(INTENSITY_FEATURES);
        INDArray weights = layer.getParam("W");
        INDArray bias = layer.getParam("b");
        weights.assign(0);
        for (int k = 0; k < INTENSITY_THRESHOLDS; k++) {
            weights.putScalar(k, k, scale);
            bias.putScalar(k, -means[k] * scale);
        }
    }

    /** Whether the network reads the distribution of intensities (an intensity path). */
    public static boolean hasIntensityPath(ComputationGraph network) {
        return network.getConfiguration().getVertices().containsKey(INTENSITY_FEATURES);
    }

    /** The depth, height and width dimensions of a rank-5 activation in the given layout. */
    private static int[] spatialDimensions(Convolution3D.DataFormat format) {
        return format == Convolution3D.DataFormat.NDHWC ? new int[] { 1, 2, 3 } : new int[] { 2, 3, 4 };
    }
}

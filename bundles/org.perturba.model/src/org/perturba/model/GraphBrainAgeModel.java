package org.perturba.model;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.dl4j.Nd4jRuntime;
import org.perturba.imaging.io.Sha256;

/**
 * A brain-age model backed by a DL4J {@link ComputationGraph} with one input (image) or two (image
 * and context). The network predicts the standardised age {@code (age - ageMean) / ageScale}.
 */
public final class GraphBrainAgeModel implements BrainAgeModel {
    /**
     * With an MSE loss on one output, d(loss)/d(output) = 2 (output - label); labels half a unit
     * below the output make that exactly 1, so back-propagation yields d(output)/d(input).
     */
    private static final double UNIT_LOSS_GRADIENT_OFFSET = 0.5;

    private final ComputationGraph network;
    private final ModelMetadata metadata;
    /** Whether the network takes images channels-last (see {@link BrainAgeNetworks#IMAGE_FORMAT}). */
    private final boolean channelsLast;

    public GraphBrainAgeModel(ComputationGraph network, ModelMetadata metadata) {
        this.network = network;
        this.metadata = metadata;
        this.channelsLast = channelsLast(network);
    }

    /**
     * The layout the network was built with, from its first 3D convolution: models saved before
     * {@link BrainAgeNetworks#IMAGE_FORMAT} became channels-last still compute channels-first.
     */
    private static boolean channelsLast(ComputationGraph network) {
        return Arrays.stream(network.getLayers()).map(layer -> layer.conf().getLayer())
                .filter(Convolution3D.class::isInstance).findFirst()
                .map(layer -> ((Convolution3D) layer).getDataFormat() == Convolution3D.DataFormat.NDHWC).orElse(false);
    }

    /** A new, untrained model, weights initialised from the metadata's seed. */
    public static GraphBrainAgeModel create(ModelMetadata metadata, BrainAgeNetworks.ImageBranch imageBranch) {
        Nd4jRuntime.initialise();
        ComputationGraph network = new ComputationGraph(BrainAgeNetworks.configuration(metadata, imageBranch));
        network.init();
        BrainAgeNetworks.initialiseIntensityThresholds(network);
        return new GraphBrainAgeModel(network, metadata);
    }

    @Override
    public ModelMetadata metadata() {
        return metadata;
    }

    /** The underlying network, for training and persistence. */
    public ComputationGraph network() {
        return network;
    }

    /** The network's parameters, hashed. */
    @Override
    public String identity() {
        double[] parameters = network.params().toDoubleVector();
        ByteBuffer bytes = ByteBuffer.allocate(Double.BYTES * parameters.length);
        bytes.asDoubleBuffer().put(parameters);
        return Sha256.of(bytes.array());
    }

    /** The same model computing in double precision: for gradient checks against finite differences. */
    public GraphBrainAgeModel inDoublePrecision() {
        return new GraphBrainAgeModel(network.convertDataType(DataType.DOUBLE), metadata);
    }

    @Override
    public double[] predictAges(ModelInput input) {
        INDArray output = network.outputSingle(false, networkInputs(input));
        double[] ages = output.reshape(input.batchSize()).toDoubleVector();
        for (int i = 0; i < ages.length; i++) {
            ages[i] = ages[i] * metadata.ageScale() + metadata.ageMean();
        }
        return ages;
    }

    @Override
    public synchronized InputGradients ageGradients(ModelInput input) {
        INDArray[] inputs = networkInputs(input);
        INDArray[] epsilons = InputGradientPass.run(network, inputs, GraphBrainAgeModel::setUnitGradientLabels);
        INDArray images = epsilons[0].muli(metadata.ageScale()).reshape('c', input.images().shape());
        Optional<INDArray> context = inputs.length > 1 ? Optional.of(epsilons[1].muli(metadata.ageScale()))
                : Optional.empty();
        return new InputGradients(images, context);
    }

    /**
     * The network's inputs for a batch, in the order of its input vertices: the images (viewed in the
     * network's layout) and, for the hybrid model, the context features. Training and any direct use
     * of {@link #network()} must go through this.
     *
     * @throws IllegalArgumentException when the images do not fit the grid or the context is missing
     */
    public INDArray[] networkInputs(ModelInput input) {
        int[] grid = metadata.grid();
        long[] shape = input.images().shape();
        if (shape.length != 5 || shape[1] != 1 || shape[2] != grid[0] || shape[3] != grid[1] || shape[4] != grid[2]) {
            throw new IllegalArgumentException("images of shape " + Arrays.toString(shape) + " do not fit the model's grid "
                    + Arrays.toString(grid) + " (expected [n, 1, " + grid[0] + ", " + grid[1] + ", " + grid[2] + "])");
        }
        // one channel: [n, 1, d, h, w] and [n, d, h, w, 1] hold the same values in the same order
        INDArray images = channelsLast ? input.images().reshape('c', shape[0], shape[2], shape[3], shape[4], 1)
                : input.images();
        if (metadata.contextSize() == 0) {
            return new INDArray[] { images };
        }
        INDArray context = input.context().orElseThrow(() -> new IllegalArgumentException(
                "the " + metadata.kind() + " model needs context features (" + metadata.contextSize() + " per subject)"));
        if (context.rank() != 2 || context.size(0) != input.batchSize() || context.size(1) != metadata.contextSize()) {
            throw new IllegalArgumentException("context of shape " + Arrays.toString(context.shape()) + ", expected ["
                    + input.batchSize() + ", " + metadata.contextSize() + "]");
        }
        return new INDArray[] { images, context };
    }

    /**
     * Once the forward pass is done, sets the labels half a unit below the output (so the loss
     * gradient is exactly 1, see {@link #UNIT_LOSS_GRADIENT_OFFSET}), computing the output from the
     * activation feeding the output layer rather than by a forward pass of its own.
     */
    private static void setUnitGradientLabels(ComputationGraph graph, Map<String, INDArray> activations) {
        String head = graph.getConfiguration().getVertexInputs().get(BrainAgeNetworks.AGE_OUTPUT).get(0);
        Layer output = graph.getLayer(BrainAgeNetworks.AGE_OUTPUT);
        // the output layer is affine with an identity activation (BrainAgeNetworks)
        INDArray age = activations.get(head).mmul(output.getParam(DefaultParamInitializer.WEIGHT_KEY))
                .addiRowVector(output.getParam(DefaultParamInitializer.BIAS_KEY));
        graph.setLabels(age.subi(UNIT_LOSS_GRADIENT_OFFSET));
    }
}

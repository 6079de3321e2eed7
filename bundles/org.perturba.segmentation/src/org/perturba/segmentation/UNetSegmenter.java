package org.perturba.segmentation;

import java.util.Arrays;
import java.util.List;

import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.segmentation.SoftSegmenter;
import org.perturba.dl4j.Nd4jRuntime;
import org.perturba.imaging.Volume;
import org.perturba.model.InputGradientPass;

/**
 * A {@link SoftSegmenter} backed by the U-Net of {@link UNetNetworks}. Besides the one-volume
 * methods of the interface it has batched forms on {@code [n, 1, x, y, z]} arrays (the layout of
 * {@link org.perturba.model.ModelInput}). Thread-safe: the network is used by one thread at a time.
 */
public final class UNetSegmenter implements SoftSegmenter {
    private final ComputationGraph network;
    private final SegmenterMetadata metadata;

    public UNetSegmenter(ComputationGraph network, SegmenterMetadata metadata) {
        this.network = network;
        this.metadata = metadata;
    }

    /** A new, untrained segmenter, weights initialised from the metadata's seed, every class weighing the same in the loss. */
    public static UNetSegmenter create(SegmenterMetadata metadata) {
        double[] weights = new double[metadata.classes()];
        Arrays.fill(weights, 1);
        return create(metadata, weights);
    }

    /** A new, untrained segmenter whose loss weighs each class (background first) as given. */
    public static UNetSegmenter create(SegmenterMetadata metadata, double[] classWeights) {
        Nd4jRuntime.initialise();
        ComputationGraph network = new ComputationGraph(UNetNetworks.configuration(metadata.grid(), classWeights,
                metadata.seed()));
        network.init();
        return new UNetSegmenter(network, metadata);
    }

    public SegmenterMetadata metadata() {
        return metadata;
    }

    public ComputationGraph network() {
        return network;
    }

    /** The same segmenter computing in double precision: for gradient checks against finite differences. */
    public UNetSegmenter inDoublePrecision() {
        return new UNetSegmenter(network.convertDataType(DataType.DOUBLE), metadata);
    }

    @Override
    public List<String> regions() {
        return metadata.regions();
    }

    @Override
    public int[] grid() {
        return metadata.grid();
    }

    @Override
    public double[][] probabilities(Volume image) throws ContextExtractionException {
        INDArray probabilities = softmax(networkInput(image));
        return probabilities.reshape('c', -1, metadata.classes()).transpose().toDoubleMatrix();
    }

    @Override
    public double[] vectorJacobianProduct(Volume image, double[][] cotangent) throws ContextExtractionException {
        int voxels = image.voxelCount();
        if (cotangent.length != metadata.classes() || Arrays.stream(cotangent).anyMatch(row -> row.length != voxels)) {
            throw new ContextExtractionException("cotangent of " + cotangent.length + " rows, expected " + metadata.classes()
                    + " rows of " + voxels + " voxels");
        }
        INDArray input = networkInput(image);
        INDArray perVoxel = Nd4j.createFromArray(cotangent).transpose().castTo(input.dataType());
        return inputGradient(input, perVoxel.reshape('c', networkShape(1, metadata.classes()))).reshape(-1).toDoubleVector();
    }

    /**
     * @param images {@code [n, 1, x, y, z]} normalised images on the grid
     * @return {@code [n, classes, x, y, z]}: background, then one channel per region
     */
    public INDArray probabilities(INDArray images) {
        return fromNetworkLayout(softmax(toNetworkLayout(checked(images, 1))));
    }

    /**
     * @param images {@code [n, 1, x, y, z]}
     * @param cotangent {@code [n, classes, x, y, z]}
     * @return {@code [n, 1, x, y, z]}: the gradient of {@code sum(cotangent * probabilities(images))} per image
     */
    public INDArray vectorJacobianProduct(INDArray images, INDArray cotangent) {
        checked(cotangent, metadata.classes());
        if (cotangent.size(0) != images.size(0)) {
            throw new IllegalArgumentException("cotangent for " + cotangent.size(0) + " images, given " + images.size(0));
        }
        INDArray input = toNetworkLayout(checked(images, 1));
        return fromNetworkLayout(inputGradient(input, toNetworkLayout(cotangent).castTo(input.dataType())));
    }

    /** The network's output, {@code [n, z, y, x, classes]}, for inputs in its layout. */
    synchronized INDArray softmax(INDArray input) {
        return network.outputSingle(false, input);
    }

    /**
     * Softmax and cross-entropy with class weights w give d(loss)/d(logits) = p sum_k(w_k y_k) - w y
     * per voxel, so labels y = (p - g) / w (whose weighted sum is 1, as g sums to 0) make it g = p (c -
     * sum_k c_k p_k), the derivative of sum_k c_k p_k through the softmax: back-propagation then
     * yields the cotangent's product with the Jacobian. (DL4J clips p to [1e-10, 1 - 1e-10] in that
     * gradient: an error of at most 1e-10 per voxel and class.)
     */
    private synchronized INDArray inputGradient(INDArray input, INDArray cotangent) {
        INDArray weights = ((LossMCXENT) ((Cnn3DLossLayer) network.getLayer(UNetNetworks.OUTPUT).conf().getLayer())
                .getLossFn()).getWeights();
        return InputGradientPass.run(network, new INDArray[] { input }, (graph, activations) -> {
            INDArray logits = activations.get(UNetNetworks.LOGITS);
            long classes = logits.size(4);
            INDArray p = Transforms.softmax(logits.reshape('c', -1, classes), true);
            INDArray c = cotangent.reshape('c', -1, classes);
            INDArray g = p.mul(c.subColumnVector(p.mul(c).sum(true, 1)));
            INDArray labels = p.subi(g);
            if (weights != null) {
                labels.diviRowVector(weights.castTo(labels.dataType()));
            }
            graph.setLabels(labels.reshape('c', logits.shape()));
        })[0];
    }

    /** One image in the network's layout: its voxels, in Volume order, are already [1, z, y, x, 1] in C order. */
    private INDArray networkInput(Volume image) throws ContextExtractionException {
        if (!Arrays.equals(image.shape(), metadata.grid())) {
            throw new ContextExtractionException("image grid " + Arrays.toString(image.shape()) + " differs from the segmenter's "
                    + Arrays.toString(metadata.grid()));
        }
        return Nd4j.create(image.voxels(), networkShape(1, 1), 'c').castTo(dataType());
    }

    /** Examples' images as one batch in the network's layout. */
    INDArray networkInput(List<SegmentationExample> examples) {
        int voxels = examples.get(0).image().length;
        float[] flat = new float[examples.size() * voxels];
        for (int i = 0; i < examples.size(); i++) {
            System.arraycopy(examples.get(i).image(), 0, flat, i * voxels, voxels);
        }
        return Nd4j.create(flat, networkShape(examples.size(), 1), 'c').castTo(dataType());
    }

    /** Examples' regions as one-hot labels in the network's layout. */
    INDArray networkLabels(List<SegmentationExample> examples) {
        int classes = metadata.classes();
        int voxels = examples.get(0).regions().length;
        float[] oneHot = new float[examples.size() * voxels * classes];
        for (int i = 0; i < examples.size(); i++) {
            byte[] regions = examples.get(i).regions();
            for (int v = 0; v < voxels; v++) {
                oneHot[(i * voxels + v) * classes + regions[v]] = 1;
            }
        }
        return Nd4j.create(oneHot, networkShape(examples.size(), classes), 'c').castTo(dataType());
    }

    private long[] networkShape(long n, long channels) {
        int[] grid = metadata.grid();
        return new long[] { n, grid[2], grid[1], grid[0], channels };
    }

    private DataType dataType() {
        return network.params().dataType();
    }

    private INDArray checked(INDArray array, int channels) {
        int[] grid = metadata.grid();
        long[] shape = array.shape();
        if (shape.length != 5 || shape[1] != channels || shape[2] != grid[0] || shape[3] != grid[1] || shape[4] != grid[2]) {
            throw new IllegalArgumentException("array of shape " + Arrays.toString(shape) + " does not fit the segmenter (expected [n, "
                    + channels + ", " + grid[0] + ", " + grid[1] + ", " + grid[2] + "])");
        }
        return array;
    }

    /** [n, c, x, y, z] to [n, z, y, x, c] in C order. */
    private INDArray toNetworkLayout(INDArray array) {
        return array.permute(0, 4, 3, 2, 1).dup('c').castTo(dataType());
    }

    /** [n, z, y, x, c] to [n, c, x, y, z] in C order. */
    private static INDArray fromNetworkLayout(INDArray array) {
        return array.permute(0, 4, 3, 2, 1).dup('c');
    }
}

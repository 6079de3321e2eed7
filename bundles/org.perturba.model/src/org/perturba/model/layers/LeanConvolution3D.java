package org.perturba.model.layers;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link Convolution3D}, with a backward pass that computes only the gradients wanted (see
 * {@link LeanConvolution3DLayer}); outputs are DL4J's own. Restricted to what that backward pass
 * handles: channels-last, "same" padding, stride 1, dilation 1, odd kernel sides, ReLU. Saved
 * configurations name this class (Jackson instantiates it by name: its package must be visible to
 * the DL4J bundle).
 */
public class LeanConvolution3D extends Convolution3D {
    /**
     * Whether the layer reads a network input: training then skips its input gradient, which nothing
     * reads (for a one-channel image it is the dearest part of the training step). Saved as a field,
     * like the rest of DL4J's configuration.
     */
    private boolean readsNetworkInput;

    /** For Jackson. */
    public LeanConvolution3D() {
    }

    public LeanConvolution3D(Convolution3D.Builder builder, boolean readsNetworkInput) {
        super(builder);
        this.readsNetworkInput = readsNetworkInput;
    }

    public boolean isReadsNetworkInput() {
        return readsNetworkInput;
    }

    public void setReadsNetworkInput(boolean readsNetworkInput) {
        this.readsNetworkInput = readsNetworkInput;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
            INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("LeanConvolution3D", getLayerName(), layerIndex, getNIn(), getNOut());
        checkSupported();
        LeanConvolution3DLayer layer = new LeanConvolution3DLayer(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    private void checkSupported() {
        boolean oddKernel = Arrays.stream(getKernelSize()).allMatch(side -> side % 2 == 1);
        boolean unit = Arrays.stream(getStride()).allMatch(s -> s == 1) && Arrays.stream(getDilation()).allMatch(d -> d == 1);
        if (getDataFormat() != DataFormat.NDHWC || getConvolutionMode() != ConvolutionMode.Same || !oddKernel || !unit
                || !new ActivationReLU().equals(getActivationFn())) {
            throw new IllegalStateException("LeanConvolution3D (layer " + getLayerName() + ") needs NDHWC, Same mode, "
                    + "stride 1, dilation 1, odd kernel sides and ReLU; got " + this);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LeanConvolution3D lean && super.equals(other) && readsNetworkInput == lean.readsNetworkInput;
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof LeanConvolution3D;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), readsNetworkInput);
    }
}

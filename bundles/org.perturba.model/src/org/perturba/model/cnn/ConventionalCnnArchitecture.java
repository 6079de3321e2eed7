package org.perturba.model.cnn;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The conventional brain-age regressor: convolution/pooling blocks with doubling channel counts,
 * global average pooling and a small dense head with one linear output. No dropout or batch
 * normalisation, so that training-mode and inference-mode gradients agree (attacks need the
 * latter; DL4J computes input gradients in training mode).
 */
public final class ConventionalCnnArchitecture {
    private static final int[] CHANNELS = { 8, 16, 32 };
    private static final int DENSE_UNITS = 32;
    private static final double LEARNING_RATE = 1e-3;

    private ConventionalCnnArchitecture() {
    }

    public static MultiLayerConfiguration configuration(int[] grid, long seed) {
        var layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .weightInit(WeightInit.RELU)
                .updater(new Adam(LEARNING_RATE))
                .list();
        for (int channels : CHANNELS) {
            layers.layer(new Convolution3D.Builder()
                    .kernelSize(3, 3, 3)
                    .convolutionMode(ConvolutionMode.Same)
                    .dataFormat(Convolution3D.DataFormat.NCDHW)
                    .nOut(channels)
                    .activation(Activation.RELU)
                    .build());
            layers.layer(new Subsampling3DLayer.Builder(PoolingType.MAX)
                    .kernelSize(2, 2, 2)
                    .stride(2, 2, 2)
                    .build());
        }
        // DL4J cannot feed a 3D convolution straight into a dense layer: pool globally first.
        layers.layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build());
        layers.layer(new DenseLayer.Builder().nOut(DENSE_UNITS).activation(Activation.RELU).build());
        layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                .nOut(1)
                .activation(Activation.IDENTITY)
                .build());
        return layers.setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW,
                grid[0], grid[1], grid[2], 1)).build();
    }
}

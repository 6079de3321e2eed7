package org.perturba.dl4j.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.perturba.dl4j.Nd4jRuntime;


/** ND4J's native CPU backend and a 3D convolution, forward and backward, inside Equinox. */
class Nd4jInOsgiTest {
    private static final int SIDE = 8;

    @BeforeAll
    static void loadBackend() {
        Nd4jRuntime.initialise();
    }

    /** Loading ND4J tunes the collector for off-heap memory (see Nd4jRuntime), unless the command line set it. */
    @Test
    void givesBackTheHeapItNoLongerNeeds() throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName diagnostics = new ObjectName("com.sun.management:type=HotSpotDiagnostic");
        for (String[] expected : new String[][] { { "MaxHeapFreeRatio", "30" }, { "MinHeapFreeRatio", "10" },
                { "G1PeriodicGCInterval", "1000" } }) {
            CompositeData option = (CompositeData) server.invoke(diagnostics, "getVMOption", new Object[] { expected[0] },
                    new String[] { String.class.getName() });
            String origin = String.valueOf(option.get("origin"));
            assertTrue(origin.equals("MANAGEMENT") || origin.equals("VM_CREATION"), expected[0] + " was left " + origin);
            if (origin.equals("MANAGEMENT")) {
                assertEquals(expected[1], option.get("value"), expected[0]);
            }
        }
    }

    @Test
    void loadsTheNativeCpuBackend() {
        Nd4jRuntime.BackendInfo backend = Nd4jRuntime.initialise();
        assertEquals("CpuBackend", backend.backendClass());
        INDArray product = Nd4j.create(new double[][] { { 1, 2 }, { 3, 4 } }).mmul(Nd4j.eye(2).castTo(DataType.DOUBLE));
        assertArrayEquals(new double[] { 1, 2, 3, 4 }, product.ravel().toDoubleVector(), 0.0);
    }

    @Test
    void trainsA3dConvolutionAndItsLossFalls() {
        MultiLayerNetwork network = network(DataType.FLOAT);
        INDArray images = Nd4j.rand(DataType.FLOAT, 4, 1, SIDE, SIDE, SIDE);
        INDArray targets = images.mean(1, 2, 3, 4).reshape(4, 1).muli(10);
        network.fit(images, targets);
        double before = network.score();
        for (int i = 0; i < 30; i++) {
            network.fit(images, targets);
        }
        assertTrue(network.score() < before, "loss did not fall: " + before + " -> " + network.score());
    }

    @Test
    void inputGradientMatchesFiniteDifferences() {
        MultiLayerNetwork network = network(DataType.DOUBLE);
        INDArray image = Nd4j.rand(DataType.DOUBLE, 1, 1, SIDE, SIDE, SIDE);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 1, 1);
        INDArray gradient = network.calculateGradients(image, labels, null, null).getSecond();
        assertArrayEquals(image.shape(), gradient.shape());

        double h = 1e-6;
        for (int[] voxel : new int[][] { { 0, 0, 0 }, { 3, 4, 5 }, { 7, 7, 1 } }) {
            long[] index = { 0, 0, voxel[0], voxel[1], voxel[2] };
            double original = image.getDouble(index);
            image.putScalar(index, original + h);
            double up = loss(network, image, labels);
            image.putScalar(index, original - h);
            double down = loss(network, image, labels);
            image.putScalar(index, original);
            double numeric = (up - down) / (2 * h);
            assertEquals(numeric, gradient.getDouble(index), 1e-6 + 1e-4 * Math.abs(numeric));
        }
    }

    /** The loss that calculateGradients differentiates: MSE summed over outputs, not averaged over the batch. */
    private static double loss(MultiLayerNetwork network, INDArray image, INDArray labels) {
        double error = network.output(image, false).getDouble(0) - labels.getDouble(0);
        return error * error;
    }

    private static MultiLayerNetwork network(DataType dataType) {
        MultiLayerConfiguration configuration = new NeuralNetConfiguration.Builder()
                .seed(42)
                .dataType(dataType)
                .updater(new Sgd(1e-2))
                .list()
                .layer(new Convolution3D.Builder().kernelSize(3, 3, 3).convolutionMode(ConvolutionMode.Same)
                        .dataFormat(Convolution3D.DataFormat.NCDHW).nOut(4).activation(Activation.TANH).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, SIDE, SIDE, SIDE, 1))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        return network;
    }
}

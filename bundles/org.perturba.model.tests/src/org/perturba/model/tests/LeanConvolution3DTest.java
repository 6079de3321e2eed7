package org.perturba.model.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.anatomy.FeatureStandardisation;
import org.perturba.model.BrainAgeNetworks;
import org.perturba.model.GraphBrainAgeModel;
import org.perturba.model.InputGradients;
import org.perturba.model.ModelFiles;
import org.perturba.model.ModelInput;
import org.perturba.model.ModelMetadata;
import org.perturba.model.ModelMetadata.ContextSpec;
import org.perturba.model.hybrid.HybridModelFactory;
import org.perturba.model.layers.LeanConvolution3D;

/**
 * The lean convolutions against DL4J's {@link Convolution3D} with the same weights: the same outputs,
 * and the same gradients to float precision in training (weights and biases) and for attacks (the
 * input); models saved with DL4J's convolutions (before the lean ones) still load and work.
 */
class LeanConvolution3DTest {
    private static final int[] GRID = { 8, 16, 24 };
    private static final double TOLERANCE = 1e-4;
    private static final String[] CONVOLUTIONS = { "conv0", "conv1", "conv2" };

    @TempDir
    Path folder;

    @Test
    void trainingGradientsMatchDl4jConvolutions() {
        GraphBrainAgeModel lean = model();
        GraphBrainAgeModel dl4j = withDl4jConvolutions(lean);
        ModelInput input = input();
        // an input-gradient pass first: training must compute the parameter gradients again afterwards
        lean.ageGradients(input);
        INDArray labels = Nd4j.rand(DataType.FLOAT, 3, 1);
        var expected = trainingGradients(dl4j, input, labels);
        var actual = trainingGradients(lean, input, labels);
        for (String layer : CONVOLUTIONS) {
            for (String parameter : new String[] { "W", "b" }) {
                String name = layer + "_" + parameter;
                assertClose(expected.get(name), actual.get(name), name);
            }
        }
        assertClose(expected.get("context-dense_W"), actual.get("context-dense_W"), "context-dense_W");
    }

    @Test
    void inputGradientsAndOutputsMatchDl4jConvolutions() {
        GraphBrainAgeModel lean = model();
        GraphBrainAgeModel dl4j = withDl4jConvolutions(lean);
        ModelInput input = input();
        assertArrayEquals(dl4j.predictAges(input), lean.predictAges(input));
        InputGradients expected = dl4j.ageGradients(input);
        InputGradients actual = lean.ageGradients(input);
        assertClose(expected.images(), actual.images(), "image gradient");
        assertClose(expected.context().orElseThrow(), actual.context().orElseThrow(), "context gradient");
    }

    /** Training does not compute the gradient of the image input (nothing reads it): it stays zero. */
    @Test
    void trainingSkipsTheImageGradient() {
        GraphBrainAgeModel lean = model();
        ComputationGraph network = lean.network();
        // the input epsilons are readable only outside workspaces
        network.getConfiguration().setTrainingWorkspaceMode(WorkspaceMode.NONE);
        network.getConfiguration().setInferenceWorkspaceMode(WorkspaceMode.NONE);
        double[] largest = new double[2];
        network.setListeners(new BaseTrainingListener() {
            @Override
            public void onBackwardPass(Model model) {
                largest[0] = network.getVertex(BrainAgeNetworks.IMAGE_INPUT).getEpsilon().amaxNumber().doubleValue();
                largest[1] = network.getVertex(BrainAgeNetworks.CONTEXT_INPUT).getEpsilon().amaxNumber().doubleValue();
            }
        });
        network.setInputs(lean.networkInputs(input()));
        network.setLabels(Nd4j.rand(DataType.FLOAT, 3, 1));
        network.computeGradientAndScore();
        assertEquals(0, largest[0]);
        assertTrue(largest[1] > 0);
    }

    @Test
    void modelsSavedWithDl4jConvolutionsStillLoadAndWork() throws IOException {
        GraphBrainAgeModel lean = model();
        GraphBrainAgeModel dl4j = withDl4jConvolutions(lean);
        Path old = folder.resolve("old.zip");
        ModelFiles.save(dl4j, old);
        GraphBrainAgeModel loaded = ModelFiles.loadTrained(old);
        assertFalse(loaded.network().getConfiguration().toJson().contains(LeanConvolution3D.class.getName()));
        ModelInput input = input();
        assertArrayEquals(lean.predictAges(input), loaded.predictAges(input));
        assertClose(lean.ageGradients(input).images(), loaded.ageGradients(input).images(), "image gradient");
        Path current = folder.resolve("lean.zip");
        ModelFiles.save(lean, current);
        GraphBrainAgeModel reloaded = ModelFiles.loadTrained(current);
        assertEquals(lean.network().getConfiguration(), reloaded.network().getConfiguration());
        assertArrayEquals(lean.predictAges(input), reloaded.predictAges(input));
    }

    @Test
    void refusesWhatItsBackwardPassDoesNotHandle() {
        var channelsFirst = new LeanConvolution3D(new Convolution3D.Builder().kernelSize(3, 3, 3)
                .convolutionMode(ConvolutionMode.Same).nIn(1).nOut(2).activation(Activation.RELU), true);
        assertThrows(IllegalStateException.class, () -> channelsFirst.instantiate(null, List.of(), 0, null, false, DataType.FLOAT));
        var sigmoid = new LeanConvolution3D(new Convolution3D.Builder().kernelSize(3, 3, 3).dataFormat(Convolution3D.DataFormat.NDHWC)
                .convolutionMode(ConvolutionMode.Same).nIn(1).nOut(2).activation(Activation.SIGMOID), true);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> sigmoid.instantiate(null, List.of(), 0, null, false, DataType.FLOAT));
        assertTrue(e.getMessage().contains("ReLU"), e.getMessage());
    }

    private static java.util.Map<String, INDArray> trainingGradients(GraphBrainAgeModel model, ModelInput input, INDArray labels) {
        ComputationGraph network = model.network();
        network.setInputs(model.networkInputs(input));
        network.setLabels(labels);
        network.computeGradientAndScore();
        java.util.Map<String, INDArray> gradients = new java.util.HashMap<>();
        network.gradient().gradientForVariable().forEach((name, gradient) -> gradients.put(name, gradient.dup()));
        network.clearLayersStates();
        return gradients;
    }

    private static GraphBrainAgeModel model() {
        Nd4j.getRandom().setSeed(4);
        return (GraphBrainAgeModel) new HybridModelFactory().create(metadata());
    }

    /** The same network and weights with DL4J's convolutions, as a model saved before the lean ones. */
    private static GraphBrainAgeModel withDl4jConvolutions(GraphBrainAgeModel lean) {
        String json = lean.network().getConfiguration().toJson();
        assertTrue(json.contains(LeanConvolution3D.class.getName()), "lean convolutions in the configuration");
        ComputationGraph network = new ComputationGraph(ComputationGraphConfiguration.fromJson(
                json.replace(LeanConvolution3D.class.getName(), Convolution3D.class.getName())));
        network.init(lean.network().params().dup(), true);
        return new GraphBrainAgeModel(network, lean.metadata());
    }

    private static ModelInput input() {
        Nd4j.getRandom().setSeed(6);
        return ModelInput.of(Nd4j.rand(DataType.FLOAT, 3, 1, GRID[0], GRID[1], GRID[2]), Nd4j.rand(DataType.FLOAT, 3, 5).subi(0.5));
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        double scale = expected.amaxNumber().doubleValue();
        double difference = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(scale > 0 && difference <= TOLERANCE * scale, what + ": largest difference " + difference + " of " + scale);
    }

    private static ModelMetadata metadata() {
        List<String> names = IntStream.range(0, 5).mapToObj(i -> "f" + i).toList();
        double[] ones = { 1, 1, 1, 1, 1 };
        return new ModelMetadata("hybrid", GRID, "none", 55, 12,
                Optional.of(new ContextSpec("label-volumes", FeatureStandardisation.of(names, new double[5], ones))), 9, "");
    }
}

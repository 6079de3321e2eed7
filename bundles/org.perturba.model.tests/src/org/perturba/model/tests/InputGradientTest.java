package org.perturba.model.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.anatomy.FeatureStandardisation;
import org.perturba.model.GraphBrainAgeModel;
import org.perturba.model.InputGradients;
import org.perturba.model.ModelInput;
import org.perturba.model.ModelMetadata;
import org.perturba.model.ModelMetadata.ContextSpec;
import org.perturba.model.cnn.ConventionalCnnFactory;
import org.perturba.model.cnn.IntensityCnnFactory;
import org.perturba.model.hybrid.HybridModelFactory;
import org.perturba.model.layers.LeanConvolution3D;

/** Exact input gradients of both architectures against central finite differences in double precision. */
class InputGradientTest {
    private static final int[] GRID = { 16, 16, 16 };
    private static final double STEP = 1e-6;
    private static final double TOLERANCE = 1e-4;
    private final Random random = new Random(3);

    @Test
    void conventionalImageGradientMatchesFiniteDifferences() {
        GraphBrainAgeModel model = ((GraphBrainAgeModel) new ConventionalCnnFactory().create(metadata("conventional", 0)))
                .inDoublePrecision();
        ModelInput input = ModelInput.imagesOnly(images(2));
        assertImageGradient(model, input);
        assertTrue(model.ageGradients(input).context().isEmpty());
    }

    @Test
    void intensityPathImageGradientMatchesFiniteDifferences() {
        GraphBrainAgeModel model = ((GraphBrainAgeModel) new IntensityCnnFactory().create(
                metadata("conventional-intensity", 0))).inDoublePrecision();
        assertImageGradient(model, ModelInput.imagesOnly(images(2)));
    }

    @Test
    void hybridImageAndContextGradientsMatchFiniteDifferences() {
        GraphBrainAgeModel model = ((GraphBrainAgeModel) new HybridModelFactory().create(metadata("hybrid", 5)))
                .inDoublePrecision();
        ModelInput input = ModelInput.of(images(2), Nd4j.rand(DataType.DOUBLE, 2, 5).subi(0.5).muli(2));
        assertImageGradient(model, input);
        INDArray exact = model.ageGradients(input).context().orElseThrow();
        INDArray context = input.context().orElseThrow();
        for (int example = 0; example < 2; example++) {
            for (int feature = 0; feature < 5; feature++) {
                double saved = context.getDouble(example, feature);
                context.putScalar(new long[] { example, feature }, saved + STEP);
                double plus = model.predictAges(input)[example];
                context.putScalar(new long[] { example, feature }, saved - STEP);
                double minus = model.predictAges(input)[example];
                context.putScalar(new long[] { example, feature }, saved);
                assertClose((plus - minus) / (2 * STEP), exact.getDouble(example, feature), "context " + feature);
            }
        }
    }

    @Test
    void refusesInputsThatDoNotFitTheModel() {
        GraphBrainAgeModel hybrid = (GraphBrainAgeModel) new HybridModelFactory().create(metadata("hybrid", 5));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> hybrid.predictAges(ModelInput.imagesOnly(Nd4j.zeros(DataType.FLOAT, 1, 1, 16, 16, 16))));
        assertTrue(missing.getMessage().contains("needs context features"), missing.getMessage());
        IllegalArgumentException grid = assertThrows(IllegalArgumentException.class,
                () -> hybrid.predictAges(ModelInput.imagesOnly(Nd4j.zeros(DataType.FLOAT, 1, 1, 8, 16, 16))));
        assertTrue(grid.getMessage().contains("do not fit the model's grid"), grid.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HybridModelFactory().create(metadata("hybrid", 0)));
        assertThrows(IllegalArgumentException.class, () -> new ConventionalCnnFactory().create(metadata("conventional", 3)));
    }

    /**
     * Models saved before the image branch became channels-last compute channels-first with DL4J's
     * convolutions: with the same weights they predict the same ages, bit for bit, and the same
     * gradients to float precision (the lean convolutions compute them by other ops), through the same
     * image shapes.
     */
    @Test
    void channelsFirstModelsGiveTheSameAgesAndGradients() {
        ModelMetadata cubic = metadata("hybrid", 5);
        int[] grid = { 8, 16, 24 };
        ModelMetadata metadata = new ModelMetadata(cubic.kind(), grid, cubic.normalisation(), cubic.ageMean(),
                cubic.ageScale(), cubic.context(), cubic.seed(), cubic.trainingData());
        GraphBrainAgeModel current = (GraphBrainAgeModel) new HybridModelFactory().create(metadata);
        String json = current.network().getConfiguration().toJson();
        assertTrue(json.contains("\"NDHWC\"") && json.contains("\"poolingDimensions\" : [ 1, 2, 3 ]"), "channels-last");
        ComputationGraph channelsFirst = new ComputationGraph(ComputationGraphConfiguration.fromJson(json
                .replace("\"NDHWC\"", "\"NCDHW\"").replace("\"poolingDimensions\" : [ 1, 2, 3 ]", "\"poolingDimensions\" : [ 2, 3, 4 ]")
                .replace(LeanConvolution3D.class.getName(), Convolution3D.class.getName())));
        channelsFirst.init(current.network().params().dup(), true);
        GraphBrainAgeModel saved = new GraphBrainAgeModel(channelsFirst, metadata);
        Nd4j.getRandom().setSeed(6);
        ModelInput input = ModelInput.of(Nd4j.rand(DataType.FLOAT, 3, 1, grid[0], grid[1], grid[2]),
                Nd4j.rand(DataType.FLOAT, 3, 5).subi(0.5));
        assertArrayEquals(current.predictAges(input), saved.predictAges(input));
        InputGradients a = current.ageGradients(input);
        InputGradients b = saved.ageGradients(input);
        assertArrayEquals(input.images().shape(), a.images().shape());
        assertTrue(b.images().sub(a.images()).amaxNumber().doubleValue() <= 1e-5 * b.images().amaxNumber().doubleValue());
        INDArray context = b.context().orElseThrow();
        assertTrue(context.sub(a.context().orElseThrow()).amaxNumber().doubleValue() <= 1e-5 * context.amaxNumber().doubleValue());
    }

    @Test
    void predictionsAreInYearsThroughTheAgeScaling() {
        ModelMetadata young = metadata("conventional", 0);
        GraphBrainAgeModel model = (GraphBrainAgeModel) new ConventionalCnnFactory().create(young);
        ModelInput input = ModelInput.imagesOnly(images(1).castTo(DataType.FLOAT));
        double z = model.network().outputSingle(false, model.networkInputs(input)).getDouble(0);
        assertEquals(z * young.ageScale() + young.ageMean(), model.predictAges(input)[0], 1e-4);
        InputGradients gradients = model.ageGradients(input);
        assertArrayEquals(input.images().shape(), gradients.images().shape());
    }

    private void assertImageGradient(GraphBrainAgeModel model, ModelInput input) {
        INDArray exact = model.ageGradients(input).images();
        INDArray images = input.images();
        for (int sample = 0; sample < 12; sample++) {
            int example = sample % 2;
            long[] voxel = { example, 0, 2 + random.nextInt(12), 2 + random.nextInt(12), 2 + random.nextInt(12) };
            double saved = images.getDouble(voxel);
            images.putScalar(voxel, saved + STEP);
            double plus = model.predictAges(input)[example];
            images.putScalar(voxel, saved - STEP);
            double minus = model.predictAges(input)[example];
            images.putScalar(voxel, saved);
            assertClose((plus - minus) / (2 * STEP), exact.getDouble(voxel), "voxel " + Arrays.toString(voxel));
        }
    }

    private static void assertClose(double numeric, double exact, String what) {
        double scale = Math.max(Math.abs(numeric), Math.abs(exact));
        assertTrue(Math.abs(numeric - exact) <= TOLERANCE * scale + 1e-9,
                what + ": finite differences " + numeric + ", back-propagation " + exact);
    }

    private INDArray images(int n) {
        Nd4j.getRandom().setSeed(5);
        return Nd4j.rand(DataType.DOUBLE, n, 1, GRID[0], GRID[1], GRID[2]).muli(0.8).addi(0.1);
    }

    private static ModelMetadata metadata(String kind, int features) {
        Optional<ContextSpec> context = Optional.empty();
        if (features > 0) {
            List<String> names = IntStream.range(0, features).mapToObj(i -> "f" + i).toList();
            context = Optional.of(new ContextSpec("label-volumes",
                    FeatureStandardisation.of(names, new double[features], filled(features, 1))));
        }
        return new ModelMetadata(kind, GRID, "none", 55, 12, context, 9, "");
    }

    private static double[] filled(int n, double value) {
        double[] values = new double[n];
        Arrays.fill(values, value);
        return values;
    }
}

package org.perturba.onnx.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.onnx.model.OnnxModel;
import org.perturba.onnx.proto.OnnxModelReader;
import org.perturba.onnx.proto.ReadLimits;
import org.perturba.onnx.runtime.OnnxNetwork;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Networks exported by {@code torch.onnx.export} at opsets 11, 12, 13 and 17 give PyTorch's
 * predictions (within 1e-4 relative) and input gradients (within 1e-3 relative L2 error) on ND4J.
 */
class PyTorchGoldenTest {
    static final String[] MODELS = { "sfcn", "hybrid", "unet", "cnn2d", "axistrap" };

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> predictionsAndInputGradientsMatchPyTorch() {
        return Stream.of(MODELS).map(name -> DynamicTest.dynamicTest(name, () -> check(name)));
    }

    private void check(String name) throws Exception {
        JsonObject golden = Fixtures.golden(name);
        OnnxModel model = OnnxModelReader.read(Fixtures.copy(name + ".onnx", dir), ReadLimits.DEFAULT);
        assertEquals(golden.get("opset").getAsLong(), model.opset());
        OnnxNetwork network = OnnxNetwork.of(model);
        Map<String, INDArray> feeds = new HashMap<>();
        Set<String> inputs = new LinkedHashSet<>();
        for (JsonElement element : golden.getAsJsonArray("inputs")) {
            JsonObject input = element.getAsJsonObject();
            long[] shape = input.getAsJsonArray("shape").asList().stream().mapToLong(JsonElement::getAsLong).toArray();
            String inputName = input.get("name").getAsString();
            feeds.put(inputName, input.get("formula").getAsString().equals("image") ? Fixtures.image(shape) : Fixtures.context(shape));
            inputs.add(inputName);
        }
        OnnxNetwork.Gradients result = network.gradients(feeds, golden.get("output").getAsString(), inputs);
        double[] expected = golden.getAsJsonArray("predictions").asList().stream().mapToDouble(JsonElement::getAsDouble).toArray();
        double[] predicted = result.output().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
        assertEquals(expected.length, predicted.length, name + ": predictions");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], predicted[i], 1e-4 * Math.abs(expected[i]), name + ": prediction " + i);
        }
        assertArrayEquals(network.run(feeds).get(golden.get("output").getAsString()).data().asFloat(), result.output().data().asFloat(),
                name + ": a forward pass alone gives the same output");
        for (JsonElement element : golden.getAsJsonArray("inputs")) {
            JsonObject input = element.getAsJsonObject();
            float[] expectedGradient = Fixtures.floats(input.get("gradient").getAsString());
            float[] gradient = result.inputs().get(input.get("name").getAsString()).dup('c').data().asFloat();
            assertEquals(expectedGradient.length, gradient.length, name + ": gradient size");
            double error = 0, norm = 0;
            for (int i = 0; i < gradient.length; i++) {
                error += (gradient[i] - expectedGradient[i]) * (double) (gradient[i] - expectedGradient[i]);
                norm += expectedGradient[i] * (double) expectedGradient[i];
            }
            double relative = Math.sqrt(error / norm);
            assertTrue(norm > 0, name + ": PyTorch's gradient is not zero");
            assertTrue(relative < 1e-3, name + ": gradient with respect to " + input.get("name").getAsString() + " has relative L2 error "
                    + relative);
        }
    }
}

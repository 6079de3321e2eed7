package org.perturba.onnx.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.onnx.proto.OnnxModelReader;
import org.perturba.onnx.proto.ReadLimits;
import org.perturba.onnx.runtime.OnnxNetwork;

/**
 * The operators the PyTorch fixtures do not reach (Gemm with transposes and both scales, Div and Sub
 * in both operands, Softmax along a middle axis, Pad with a negative pad, Squeeze and Unsqueeze with
 * axes as inputs, Concat of two differentiable values, a value used twice, Dropout, Identity, Elu,
 * ReduceMean without kept axes), chained in one graph whose input gradients agree with central finite differences.
 */
class FiniteDifferenceTest {
    private static byte[] graph() {
        Random random = new Random(3);
        float[] weights = new float[8 * 48];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) (random.nextGaussian() * 0.2);
        }
        ProtoWriter g = new ProtoWriter().string(2, "chain");
        g.message(1, ProtoWriter.node("Transpose", "t", new String[] { "x" }, new String[] { "t" }, ProtoWriter.intsAttribute("perm", 0, 2, 1)));
        g.message(1, ProtoWriter.node("MatMul", "m", new String[] { "t", "y" }, new String[] { "m" }));
        g.message(1, ProtoWriter.node("Softmax", "s", new String[] { "m" }, new String[] { "s" }, ProtoWriter.intAttribute("axis", 1)));
        g.message(1, ProtoWriter.node("Sub", "shift", new String[] { "m", "minus_ten" }, new String[] { "shifted" }));
        g.message(1, ProtoWriter.node("Div", "d", new String[] { "s", "shifted" }, new String[] { "d" }));
        g.message(1, ProtoWriter.node("Pad", "p", new String[] { "d", "pads", "half" }, new String[] { "p" }));
        g.message(1, ProtoWriter.node("Unsqueeze", "u", new String[] { "p", "axis1" }, new String[] { "u" }));
        g.message(1, ProtoWriter.node("Squeeze", "q", new String[] { "u", "axis1" }, new String[] { "q" }));
        g.message(1, ProtoWriter.node("Concat", "c", new String[] { "q", "m" }, new String[] { "c" }, ProtoWriter.intAttribute("axis", 2)));
        g.message(1, ProtoWriter.node("Dropout", "drop", new String[] { "c" }, new String[] { "dropped" }));
        g.message(1, ProtoWriter.node("Identity", "i", new String[] { "dropped" }, new String[] { "same" }));
        g.message(1, ProtoWriter.node("Flatten", "f", new String[] { "same" }, new String[] { "f" }));
        g.message(1, ProtoWriter.node("Gemm", "gemm", new String[] { "f", "w", "bias" }, new String[] { "gemm" },
                ProtoWriter.intAttribute("transB", 1), ProtoWriter.floatAttribute("alpha", 0.5f), ProtoWriter.floatAttribute("beta", 2f)));
        // both operands the same value: its gradient gathers both paths
        g.message(1, ProtoWriter.node("Gemm", "gemm2", new String[] { "gemm", "gemm" }, new String[] { "gemm2" },
                ProtoWriter.intAttribute("transA", 1)));
        g.message(1, ProtoWriter.node("Elu", "e", new String[] { "gemm2" }, new String[] { "e" }, ProtoWriter.floatAttribute("alpha", 0.7f)));
        g.message(1, ProtoWriter.node("ReduceMean", "r", new String[] { "e" }, new String[] { "r" }, ProtoWriter.intsAttribute("axes", 0),
                ProtoWriter.intAttribute("keepdims", 0)));
        g.message(5, ProtoWriter.floatTensor("minus_ten", new long[] {}, -10f));
        g.message(5, ProtoWriter.floatTensor("half", new long[] {}, 0.5f));
        g.message(5, ProtoWriter.longTensor("pads", 0, 1, 0, 0, -1, 2));
        g.message(5, ProtoWriter.longTensor("axis1", 1));
        g.message(5, ProtoWriter.floatTensor("w", new long[] { 8, 48 }, weights));
        g.message(5, ProtoWriter.floatTensor("bias", new long[] { 8 }, 0.1f, -0.2f, 0.3f, 0f, 0.05f, -0.1f, 0.2f, 0.4f));
        g.message(11, ProtoWriter.value("x", 2, 3, 4)).message(11, ProtoWriter.value("y", 3, 5));
        g.message(12, ProtoWriter.value("r", 8));
        return ProtoWriter.model(g);
    }

    /**
     * Convolutions whose gradients take the runtime's other paths: uneven padding ({@code SAME_UPPER}
     * with an even kernel side, explicit pads), a dilated kernel padded beyond its reach, and unit-stride
     * transposed convolutions with uneven pads and groups, on an asymmetric 3D input.
     */
    private static byte[] convolutions() {
        Random random = new Random(5);
        ProtoWriter g = new ProtoWriter().string(2, "convolutions");
        g.message(1, ProtoWriter.node("Conv", "same", new String[] { "x", "w1" }, new String[] { "a" },
                ProtoWriter.stringAttribute("auto_pad", "SAME_UPPER"), ProtoWriter.intsAttribute("kernel_shape", 2, 3, 2)));
        g.message(1, ProtoWriter.node("Conv", "uneven", new String[] { "a", "w2" }, new String[] { "b" },
                ProtoWriter.intsAttribute("pads", 0, 1, 2, 1, 0, 2), ProtoWriter.intsAttribute("dilations", 2, 1, 1)));
        g.message(1, ProtoWriter.node("Conv", "wide", new String[] { "b", "w3" }, new String[] { "c" },
                ProtoWriter.intsAttribute("pads", 3, 3, 3, 3, 3, 3)));
        g.message(1, ProtoWriter.node("ConvTranspose", "up", new String[] { "c", "w4" }, new String[] { "d" },
                ProtoWriter.intsAttribute("pads", 1, 0, 1, 0, 1, 0), ProtoWriter.intAttribute("group", 2)));
        g.message(1, ProtoWriter.node("Mul", "weigh", new String[] { "d", "d" }, new String[] { "e" }));
        g.message(1, ProtoWriter.node("ReduceSum", "r", new String[] { "e" }, new String[] { "r" }, ProtoWriter.intAttribute("keepdims", 0)));
        g.message(5, ProtoWriter.floatTensor("w1", new long[] { 2, 1, 2, 3, 2 }, gaussians(random, 2 * 12)));
        g.message(5, ProtoWriter.floatTensor("w2", new long[] { 4, 2, 3, 2, 1 }, gaussians(random, 4 * 2 * 6)));
        g.message(5, ProtoWriter.floatTensor("w3", new long[] { 4, 4, 1, 2, 3 }, gaussians(random, 4 * 4 * 6)));
        g.message(5, ProtoWriter.floatTensor("w4", new long[] { 4, 3, 3, 1, 2 }, gaussians(random, 4 * 3 * 6)));
        g.message(11, ProtoWriter.value("x", 2, 1, 6, 5, 4)).message(12, ProtoWriter.value("r"));
        return ProtoWriter.model(g);
    }

    private static float[] gaussians(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * 0.4);
        }
        return values;
    }

    @Test
    void inputGradientsAgreeWithFiniteDifferences() throws Exception {
        OnnxNetwork network = OnnxNetwork.of(OnnxModelReader.read(ByteBuffer.wrap(graph()), ReadLimits.DEFAULT));
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4).subi(0.5);
        INDArray y = Nd4j.create(new float[] { 0.3f, -0.2f, 0.5f, 0.1f, -0.4f, 0.2f, 0.6f, -0.1f, 0.3f, 0.2f, -0.3f, 0.4f, 0.1f, 0.5f, -0.2f },
                new long[] { 3, 5 }, 'c');
        assertAgreeWithFiniteDifferences(network, Map.of("x", x, "y", y), "r");
    }

    @Test
    void convolutionGradientsAgreeWithFiniteDifferences() throws Exception {
        OnnxNetwork network = OnnxNetwork.of(OnnxModelReader.read(ByteBuffer.wrap(convolutions()), ReadLimits.DEFAULT));
        assertAgreeWithFiniteDifferences(network, Map.of("x", Nd4j.rand(DataType.FLOAT, 2, 1, 6, 5, 4).subi(0.5)), "r");
    }

    private static void assertAgreeWithFiniteDifferences(OnnxNetwork network, Map<String, INDArray> feeds, String output) {
        OnnxNetwork.Gradients gradients = network.gradients(feeds, output, feeds.keySet());
        for (Map.Entry<String, INDArray> input : feeds.entrySet()) {
            INDArray value = input.getValue();
            INDArray analytic = gradients.inputs().get(input.getKey());
            double error = 0, norm = 0;
            for (int i = 0; i < value.length(); i++) {
                double saved = value.getDouble(i);
                double step = 1e-2;
                value.putScalar(i, saved + step);
                double plus = network.run(feeds).get(output).sumNumber().doubleValue();
                value.putScalar(i, saved - step);
                double minus = network.run(feeds).get(output).sumNumber().doubleValue();
                value.putScalar(i, saved);
                double numeric = (plus - minus) / (2 * step);
                error += Math.pow(numeric - analytic.getDouble(i), 2);
                norm += numeric * numeric;
            }
            double relative = Math.sqrt(error / norm);
            assertTrue(norm > 0 && relative < 1e-3, input.getKey() + ": relative L2 error " + relative + " against finite differences");
        }
    }
}

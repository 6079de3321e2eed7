package org.perturba.onnx.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.onnx.proto.OnnxModelReader;
import org.perturba.onnx.proto.ReadLimits;
import org.perturba.onnx.runtime.OnnxNetwork;
import org.perturba.onnx.runtime.UnsupportedModelException;

/** Attribute forms PyTorch does not write, checked by hand, and the refusals of what the runtime does not run. */
class OperatorSemanticsTest {

    private static OnnxNetwork network(ProtoWriter node, ProtoWriter... initializers) throws Exception {
        ProtoWriter graph = new ProtoWriter().string(2, "one node").message(1, node);
        for (ProtoWriter initializer : initializers) {
            graph.message(5, initializer);
        }
        graph.message(11, ProtoWriter.value("x", 1, 1, 3, 4)).message(12, ProtoWriter.value("y"));
        return OnnxNetwork.of(OnnxModelReader.read(ByteBuffer.wrap(ProtoWriter.model(graph)), ReadLimits.DEFAULT));
    }

    @Test
    void aConvolutionWithoutKernelShapeTakesItsSidesFromTheWeights() throws Exception {
        float[] ones = new float[9];
        java.util.Arrays.fill(ones, 1);
        OnnxNetwork network = network(ProtoWriter.node("Conv", "conv", new String[] { "x", "w" }, new String[] { "y" },
                ProtoWriter.intsAttribute("pads", 1, 1, 1, 1)), ProtoWriter.floatTensor("w", new long[] { 1, 1, 3, 3 }, ones));
        float[] y = network.run(Map.of("x", Nd4j.ones(DataType.FLOAT, 1, 1, 3, 4))).get("y").data().asFloat();
        // a 3x3 box sum over a 3x4 field of ones, zero padded: 4 at the corners, 6 on the edges, 9 inside
        assertArrayEquals(new float[] { 4, 6, 6, 4, 6, 9, 9, 6, 4, 6, 6, 4 }, y);
    }

    @Test
    void anAverageThatLeavesOutUnevenPaddingIsRefusedNamingTheNode() throws Exception {
        OnnxNetwork network = network(ProtoWriter.node("AveragePool", "uneven", new String[] { "x" }, new String[] { "y" },
                ProtoWriter.intsAttribute("kernel_shape", 2, 2), ProtoWriter.intsAttribute("pads", 0, 0, 1, 1)));
        IllegalStateException refusal = assertThrows(IllegalStateException.class,
                () -> network.run(Map.of("x", Nd4j.ones(DataType.FLOAT, 1, 1, 3, 4))));
        assertTrue(refusal.getMessage().startsWith("AveragePool node 'uneven': "), refusal.getMessage());
    }

    @Test
    void outputsTheRuntimeDoesNotComputeAreRefusedAtLoadTime() {
        UnsupportedModelException indices = assertThrows(UnsupportedModelException.class, () -> network(ProtoWriter.node("MaxPool", "pool",
                new String[] { "x" }, new String[] { "y", "where" }, ProtoWriter.intsAttribute("kernel_shape", 2, 2))));
        assertTrue(indices.getMessage().equals("MaxPool node 'pool': the Indices output is not supported"), indices.getMessage());
        UnsupportedModelException reflect = assertThrows(UnsupportedModelException.class, () -> network(ProtoWriter.node("Pad", "mirror",
                new String[] { "x" }, new String[] { "y" }, new ProtoWriter().string(1, "mode").string(4, "reflect").varint(20, 3))));
        assertTrue(reflect.getMessage().contains("mode 'reflect'"), reflect.getMessage());
    }
}

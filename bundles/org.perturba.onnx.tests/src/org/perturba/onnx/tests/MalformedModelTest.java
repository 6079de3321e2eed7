package org.perturba.onnx.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.onnx.model.OnnxModel;
import org.perturba.onnx.proto.MalformedModelException;
import org.perturba.onnx.proto.OnnxModelReader;
import org.perturba.onnx.proto.ReadLimits;
import org.perturba.onnx.runtime.OnnxNetwork;
import org.perturba.onnx.runtime.UnsupportedModelException;

/** ONNX files come from elsewhere: corrupt, oversized, escaping and unsupported ones are refused in one line. */
class MalformedModelTest {
    @TempDir
    Path dir;

    @Test
    void aTruncatedModelIsRefusedInOneLine() throws IOException {
        byte[] whole = Files.readAllBytes(Fixtures.copy("sfcn.onnx", dir));
        for (int length : new int[] { 1, 7, whole.length / 3, whole.length - 5 }) {
            Path truncated = Files.write(dir.resolve("truncated-" + length + ".onnx"), Arrays.copyOf(whole, length));
            MalformedModelException refusal = assertThrows(MalformedModelException.class,
                    () -> OnnxModelReader.read(truncated, ReadLimits.DEFAULT), "cut at " + length);
            assertFalse(refusal.getMessage().contains("\n"), refusal.getMessage());
        }
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButARefusal() {
        Random random = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            byte[] bytes = new byte[1 + random.nextInt(200)];
            random.nextBytes(bytes);
            try {
                OnnxModelReader.read(ByteBuffer.wrap(bytes), ReadLimits.DEFAULT);
            } catch (MalformedModelException refused) {
                assertFalse(refused.getMessage().isBlank());
            }
        }
    }

    @Test
    void aLengthBeyondTheFileIsRefusedBeforeAnyAllocation() {
        byte[] claim = new ProtoWriter().claim(7, Integer.MAX_VALUE).toByteArray();
        MalformedModelException refusal = assertThrows(MalformedModelException.class,
                () -> OnnxModelReader.read(ByteBuffer.wrap(claim), ReadLimits.DEFAULT));
        assertTrue(refusal.getMessage().contains("claims"), refusal.getMessage());
    }

    @Test
    void aTensorOverTheLimitAndAFileOverTheLimitAreRefused() throws IOException {
        ProtoWriter huge = new ProtoWriter().varint(1, 1 << 20).varint(1, 1 << 20).varint(2, 1).string(8, "huge");
        byte[] model = ProtoWriter.model(new ProtoWriter().message(5, huge));
        MalformedModelException refusal = assertThrows(MalformedModelException.class,
                () -> OnnxModelReader.read(ByteBuffer.wrap(model), ReadLimits.DEFAULT));
        assertTrue(refusal.getMessage().contains("'huge'") && refusal.getMessage().contains("limit"), refusal.getMessage());

        Path file = Files.write(dir.resolve("big.onnx"), new byte[4096]);
        MalformedModelException tooBig = assertThrows(MalformedModelException.class,
                () -> OnnxModelReader.read(file, new ReadLimits(1024, 1000, 10)));
        assertTrue(tooBig.getMessage().contains("over the limit"), tooBig.getMessage());
    }

    @Test
    void dataThatDisagreesWithItsShapeIsRefused() {
        ProtoWriter tensor = ProtoWriter.floatTensor("w", new long[] { 2, 3 }, 1, 2, 3, 4, 5);
        byte[] model = ProtoWriter.model(new ProtoWriter().message(5, tensor));
        MalformedModelException refusal = assertThrows(MalformedModelException.class,
                () -> OnnxModelReader.read(ByteBuffer.wrap(model), ReadLimits.DEFAULT));
        assertTrue(refusal.getMessage().contains("'w'"), refusal.getMessage());
    }

    /** A graph y = x * w whose w is stored as external data at {@code location}. */
    private Path externalModel(String location, long offset, long length) throws IOException {
        ProtoWriter w = new ProtoWriter().varint(1, 3).varint(2, 1).string(8, "w")
                .message(13, new ProtoWriter().string(1, "location").string(2, location))
                .message(13, new ProtoWriter().string(1, "offset").string(2, Long.toString(offset)))
                .message(13, new ProtoWriter().string(1, "length").string(2, Long.toString(length))).varint(14, 1);
        ProtoWriter graph = new ProtoWriter().message(1, ProtoWriter.node("Mul", "scale", new String[] { "x", "w" }, new String[] { "y" }))
                .string(2, "external").message(5, w).message(11, ProtoWriter.value("x", 3)).message(12, ProtoWriter.value("y", 3));
        Path folder = Files.createDirectories(dir.resolve("model"));
        return Files.write(folder.resolve("external.onnx"), ProtoWriter.model(graph));
    }

    @Test
    void externalDataIsReadFromTheModelsFolderAndNowhereElse() throws Exception {
        ByteBuffer weights = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(9).putFloat(2).putFloat(3).putFloat(4);
        Path model = externalModel("weights.bin", 4, 12);
        Files.write(model.resolveSibling("weights.bin"), weights.array());
        OnnxModel read = OnnxModelReader.read(model, ReadLimits.DEFAULT);
        float[] y = OnnxNetwork.of(read).run(Map.of("x", Nd4j.createFromArray(1f, 10f, 100f))).get("y").data().asFloat();
        assertArrayEquals(new float[] { 2, 30, 400 }, y);

        Files.write(dir.resolve("outside.bin"), weights.array());
        for (String escape : new String[] { "../outside.bin", dir.resolve("outside.bin").toString(), "missing.bin" }) {
            Path escaping = externalModel(escape, 0, 12);
            MalformedModelException refusal = assertThrows(MalformedModelException.class,
                    () -> OnnxModelReader.read(escaping, ReadLimits.DEFAULT), escape);
            assertTrue(refusal.getMessage().contains("'w'"), refusal.getMessage());
        }
        Files.createSymbolicLink(model.resolveSibling("link.bin"), dir.resolve("outside.bin"));
        Path linked = externalModel("link.bin", 0, 12);
        assertThrows(MalformedModelException.class, () -> OnnxModelReader.read(linked, ReadLimits.DEFAULT), "a link out of the folder");
        Path short_ = externalModel("weights.bin", 8, 12);
        assertThrows(MalformedModelException.class, () -> OnnxModelReader.read(short_, ReadLimits.DEFAULT), "past the file's end");
    }

    @Test
    void anUnsupportedOperatorIsNamedWithItsNodeAtLoadTime() throws IOException {
        OnnxModel model = OnnxModelReader.read(Fixtures.copy("unsupported.onnx", dir), ReadLimits.DEFAULT);
        String node = model.graph().nodes().stream().filter(n -> n.opType().equals("Erf")).findFirst().orElseThrow().name();
        UnsupportedModelException refusal = assertThrows(UnsupportedModelException.class, () -> OnnxNetwork.of(model));
        assertTrue(refusal.getMessage().startsWith("Erf node '" + node + "': operator Erf is not supported"), refusal.getMessage());
        assertFalse(refusal.getMessage().contains("\n"));
    }

    @Test
    void anOpsetOutsideTheSupportedRangeIsRefused() throws IOException {
        byte[] model = new ProtoWriter().varint(1, 8).message(7, new ProtoWriter().string(2, "g"))
                .message(8, new ProtoWriter().string(1, "").varint(2, 5)).toByteArray();
        UnsupportedModelException refusal = assertThrows(UnsupportedModelException.class,
                () -> OnnxNetwork.of(OnnxModelReader.read(ByteBuffer.wrap(model), ReadLimits.DEFAULT)));
        assertTrue(refusal.getMessage().contains("operator set 5"), refusal.getMessage());
    }

    @Test
    void aNodeReadingAValueNothingProducesIsRefused() throws IOException {
        ProtoWriter graph = new ProtoWriter().message(1, ProtoWriter.node("Relu", "r", new String[] { "nowhere" }, new String[] { "y" }))
                .message(11, ProtoWriter.value("x", 2)).message(12, ProtoWriter.value("y", 2));
        UnsupportedModelException refusal = assertThrows(UnsupportedModelException.class,
                () -> OnnxNetwork.of(OnnxModelReader.read(ByteBuffer.wrap(ProtoWriter.model(graph)), ReadLimits.DEFAULT)));
        assertEquals("Relu node 'r' reads 'nowhere', which no input, initializer or earlier node provides", refusal.getMessage());
    }
}

package org.perturba.onnx.tests;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes protocol-buffers messages field by field: the tests' way to make ONNX files PyTorch would not. */
final class ProtoWriter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    ProtoWriter varint(int field, long value) {
        key(field, 0);
        raw(value);
        return this;
    }

    ProtoWriter bytes(int field, byte[] value) {
        key(field, 2);
        raw(value.length);
        bytes.writeBytes(value);
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toByteArray());
    }

    ProtoWriter float32(int field, float value) {
        key(field, 5);
        bytes.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array());
        return this;
    }

    /** A length-delimited field that claims {@code length} bytes and holds none of them. */
    ProtoWriter claim(int field, long length) {
        key(field, 2);
        raw(length);
        return this;
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }

    private void key(int field, int wireType) {
        raw(((long) field << 3) | wireType);
    }

    private void raw(long value) {
        while ((value & ~0x7fL) != 0) {
            bytes.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        bytes.write((int) value);
    }

    // ONNX messages, as the tests need them

    /** A float tensor ({@code TensorProto}) with raw data. */
    static ProtoWriter floatTensor(String name, long[] dims, float... values) {
        ProtoWriter tensor = new ProtoWriter();
        for (long side : dims) {
            tensor.varint(1, side);
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            raw.putFloat(value);
        }
        return tensor.varint(2, 1).string(8, name).bytes(9, raw.array());
    }

    /** An int64 tensor with raw data. */
    static ProtoWriter longTensor(String name, long... values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            raw.putLong(value);
        }
        return new ProtoWriter().varint(1, values.length).varint(2, 7).string(8, name).bytes(9, raw.array());
    }

    static ProtoWriter intAttribute(String name, long value) {
        return new ProtoWriter().string(1, name).varint(3, value).varint(20, 2);
    }

    static ProtoWriter intsAttribute(String name, long... values) {
        ProtoWriter attribute = new ProtoWriter().string(1, name);
        for (long value : values) {
            attribute.varint(8, value);
        }
        return attribute.varint(20, 7);
    }

    static ProtoWriter stringAttribute(String name, String value) {
        return new ProtoWriter().string(1, name).string(4, value).varint(20, 3);
    }

    static ProtoWriter floatAttribute(String name, float value) {
        return new ProtoWriter().string(1, name).float32(2, value).varint(20, 1);
    }

    static ProtoWriter node(String opType, String name, String[] inputs, String[] outputs, ProtoWriter... attributes) {
        ProtoWriter node = new ProtoWriter();
        for (String input : inputs) {
            node.string(1, input);
        }
        for (String output : outputs) {
            node.string(2, output);
        }
        node.string(3, name).string(4, opType);
        for (ProtoWriter attribute : attributes) {
            node.message(5, attribute);
        }
        return node;
    }

    /** A graph input or output of float elements and the given shape ({@code ValueInfoProto}). */
    static ProtoWriter value(String name, long... shape) {
        ProtoWriter dims = new ProtoWriter();
        for (long side : shape) {
            dims.message(1, new ProtoWriter().varint(1, side));
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, 1).message(2, dims);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
    }

    /** A model of opset 13 around {@code graph}. */
    static byte[] model(ProtoWriter graph) {
        return new ProtoWriter().varint(1, 8).string(2, "perturba-tests").message(7, graph)
                .message(8, new ProtoWriter().string(1, "").varint(2, 13)).toByteArray();
    }
}

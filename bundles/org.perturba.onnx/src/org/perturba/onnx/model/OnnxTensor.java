package org.perturba.onnx.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;


/**
 * A constant tensor of an ONNX model (an initializer or a {@code Constant}'s value): element type,
 * dimensions and little-endian element bytes, checked to hold exactly {@code product(dims)} elements.
 */
public final class OnnxTensor {
    private final String name;
    private final ElementType type;
    private final long[] dims;
    private final ByteBuffer data;

    public OnnxTensor(String name, ElementType type, long[] dims, ByteBuffer data) {
        this.name = name;
        this.type = type;
        this.dims = dims.clone();
        this.data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        long expected = elements(dims) * type.bytes();
        if (this.data.remaining() != expected) {
            throw new IllegalArgumentException("tensor '" + name + "' of shape " + Arrays.toString(dims) + " holds "
                    + this.data.remaining() + " bytes, not " + expected);
        }
    }

    /** The number of elements of a shape, refusing negative sides and overflow. */
    public static long elements(long[] dims) {
        long count = 1;
        for (long side : dims) {
            if (side < 0) {
                throw new IllegalArgumentException("a negative dimension in " + Arrays.toString(dims));
            }
            count = Math.multiplyExact(count, side);
        }
        return count;
    }

    public String name() {
        return name;
    }

    public ElementType type() {
        return type;
    }

    public long[] dims() {
        return dims.clone();
    }

    public long elements() {
        return elements(dims);
    }

    /** The values as longs (integer tensors: shapes, axes, indices; floating tensors are truncated). */
    public long[] longs() {
        long[] values = new long[Math.toIntExact(elements())];
        ByteBuffer bytes = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (type) {
                case FLOAT -> (long) bytes.getFloat();
                case DOUBLE -> (long) bytes.getDouble();
                case INT64 -> bytes.getLong();
                case INT32 -> bytes.getInt();
                case UINT8 -> bytes.get() & 0xff;
                case INT8, BOOL -> bytes.get();
            };
        }
        return values;
    }

    /** The float32 values of a float tensor. */
    public float[] floats() {
        if (type != ElementType.FLOAT) {
            throw new IllegalStateException("tensor '" + name + "' holds " + type + ", not floats");
        }
        float[] values = new float[Math.toIntExact(elements())];
        data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    /** The values as doubles. */
    public double[] doubles() {
        double[] values = new double[Math.toIntExact(elements())];
        ByteBuffer bytes = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (type) {
                case FLOAT -> bytes.getFloat();
                case DOUBLE -> bytes.getDouble();
                case INT64 -> bytes.getLong();
                case INT32 -> bytes.getInt();
                case UINT8 -> bytes.get() & 0xff;
                case INT8, BOOL -> bytes.get();
            };
        }
        return values;
    }
}

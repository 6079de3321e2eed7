package org.perturba.imaging.nifti;

import java.nio.ByteBuffer;

/**
 * Voxel values in their stored NIfTI type, one primitive array per type, so that an image costs
 * its voxel bytes plus a constant and every type round-trips exactly. Values are read and written
 * as doubles (exact for every supported type except int64 beyond 2^53).
 */
public final class VoxelData {
    private final NiftiDataType type;
    private final int size;
    private final byte[] bytes;
    private final short[] shorts;
    private final int[] ints;
    private final long[] longs;
    private final float[] floats;
    private final double[] doubles;

    /** Zero-filled storage for {@code size} voxels. */
    public VoxelData(NiftiDataType type, int size) {
        this(type, size, type == NiftiDataType.FLOAT32 ? new float[size] : null);
    }

    private VoxelData(NiftiDataType type, int size, float[] floats) {
        this.type = type;
        this.size = size;
        this.bytes = type.bytesPerVoxel() == 1 ? new byte[size] : null;
        this.shorts = type.bytesPerVoxel() == 2 ? new short[size] : null;
        this.ints = type == NiftiDataType.INT32 || type == NiftiDataType.UINT32 ? new int[size] : null;
        this.longs = type == NiftiDataType.INT64 ? new long[size] : null;
        this.floats = floats;
        this.doubles = type == NiftiDataType.FLOAT64 ? new double[size] : null;
    }

    /** Float32 storage that is {@code values} itself, not a copy: for filling a volume's own array. */
    static VoxelData wrapping(float[] values) {
        return new VoxelData(NiftiDataType.FLOAT32, values.length, values);
    }

    public NiftiDataType type() {
        return type;
    }

    public int size() {
        return size;
    }

    /** The stored (unscaled) value of voxel {@code index}. */
    public double get(int index) {
        return switch (type) {
        case UINT8 -> bytes[index] & 0xff;
        case INT8 -> bytes[index];
        case INT16 -> shorts[index];
        case UINT16 -> shorts[index] & 0xffff;
        case INT32 -> ints[index];
        case UINT32 -> ints[index] & 0xffffffffL;
        case INT64 -> longs[index];
        case FLOAT32 -> floats[index];
        case FLOAT64 -> doubles[index];
        };
    }

    /** Stores a value, rounded and saturated to the type's range for integer types. */
    public void set(int index, double value) {
        switch (type) {
        case UINT8 -> bytes[index] = (byte) clampRound(value, 0, 255);
        case INT8 -> bytes[index] = (byte) clampRound(value, Byte.MIN_VALUE, Byte.MAX_VALUE);
        case INT16 -> shorts[index] = (short) clampRound(value, Short.MIN_VALUE, Short.MAX_VALUE);
        case UINT16 -> shorts[index] = (short) clampRound(value, 0, 65535);
        case INT32 -> ints[index] = (int) clampRound(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
        case UINT32 -> ints[index] = (int) clampRound(value, 0, 0xffffffffL);
        case INT64 -> longs[index] = Double.isNaN(value) ? 0 : Math.round(value);
        case FLOAT32 -> floats[index] = (float) value;
        case FLOAT64 -> doubles[index] = value;
        }
    }

    private static long clampRound(double value, long min, long max) {
        if (Double.isNaN(value)) {
            return 0;
        }
        return Math.max(min, Math.min(max, Math.round(value)));
    }

    /**
     * Fills voxels {@code [start, start + count)} from a buffer in the file's byte order, advancing it.
     * Bulk copies through typed views: a voxel at a time costs several times more (see BENCHMARKS.md).
     */
    void readFrom(ByteBuffer buffer, int start, int count) {
        int position = buffer.position();
        switch (type) {
        case UINT8, INT8 -> buffer.get(bytes, start, count);
        case INT16, UINT16 -> buffer.asShortBuffer().get(shorts, start, count);
        case INT32, UINT32 -> buffer.asIntBuffer().get(ints, start, count);
        case INT64 -> buffer.asLongBuffer().get(longs, start, count);
        case FLOAT32 -> buffer.asFloatBuffer().get(floats, start, count);
        case FLOAT64 -> buffer.asDoubleBuffer().get(doubles, start, count);
        }
        buffer.position(position + count * type.bytesPerVoxel());
    }

    /** Writes voxels {@code [start, start + count)} into a buffer in its byte order, advancing it; bulk as above. */
    void writeTo(ByteBuffer buffer, int start, int count) {
        int position = buffer.position();
        switch (type) {
        case UINT8, INT8 -> buffer.put(bytes, start, count);
        case INT16, UINT16 -> buffer.asShortBuffer().put(shorts, start, count);
        case INT32, UINT32 -> buffer.asIntBuffer().put(ints, start, count);
        case INT64 -> buffer.asLongBuffer().put(longs, start, count);
        case FLOAT32 -> buffer.asFloatBuffer().put(floats, start, count);
        case FLOAT64 -> buffer.asDoubleBuffer().put(doubles, start, count);
        }
        buffer.position(position + count * type.bytesPerVoxel());
    }

    /**
     * All voxels as floats, {@code stored * slope + intercept} when {@code scaled} (computed in double,
     * as {@link NiftiHeader#scale}), else the stored values.
     */
    float[] toFloats(boolean scaled, double slope, double intercept) {
        float[] out = new float[size];
        toFloats(0, size, out, 0, scaled, slope, intercept);
        return out;
    }

    /**
     * Voxels {@code [from, from + count)} as floats into {@code out} from {@code at}, as above. One loop
     * per type instead of a type switch per voxel; bytes through a table of their 256 values: exactly
     * the floats the formula gives, 10-15 % faster than converting each byte (Java 17 vectorises
     * neither: C2 does not widen bytes to floats in SIMD, which numpy does).
     */
    void toFloats(int from, int count, float[] out, int at, boolean scaled, double slope, double intercept) {
        switch (type) {
        case UINT8, INT8 -> {
            float[] table = byteTable(type, scaled, slope, intercept);
            for (int i = 0; i < count; i++) {
                out[at + i] = table[bytes[from + i] & 0xff];
            }
        }
        case FLOAT32 -> {
            if (!scaled) {
                System.arraycopy(floats, from, out, at, count);
            } else {
                for (int i = 0; i < count; i++) {
                    out[at + i] = (float) (floats[from + i] * slope + intercept);
                }
            }
        }
        case INT16 -> {
            if (!scaled) {
                for (int i = 0; i < count; i++) {
                    out[at + i] = shorts[from + i];
                }
            } else {
                for (int i = 0; i < count; i++) {
                    out[at + i] = (float) (shorts[from + i] * slope + intercept);
                }
            }
        }
        default -> {
            for (int i = 0; i < count; i++) {
                double value = get(from + i);
                out[at + i] = (float) (scaled ? value * slope + intercept : value);
            }
        }
        }
    }

    /** The float of each of the 256 values of an 8-bit type, scaled as {@link #toFloats} scales. */
    static float[] byteTable(NiftiDataType type, boolean scaled, double slope, double intercept) {
        float[] table = new float[256];
        for (int stored = 0; stored < 256; stored++) {
            double value = type == NiftiDataType.UINT8 ? stored : (byte) stored;
            table[stored] = (float) (scaled ? value * slope + intercept : value);
        }
        return table;
    }

    /**
     * Storage of {@code type} holding {@code values}, rounded and saturated as {@link #set} does; for
     * float32, {@code values} itself (a copy cost an image written from a volume a 29 MB allocation and
     * pass, 4-7 ms of a 1 mm volume's 30).
     */
    static VoxelData of(NiftiDataType type, float[] values) {
        if (type == NiftiDataType.FLOAT32) {
            return wrapping(values);
        }
        VoxelData data = new VoxelData(type, values.length);
        if (type == NiftiDataType.UINT8) {
            byte[] out = data.bytes;
            for (int i = 0; i < values.length; i++) {
                float value = values[i];
                // NaN fails both tests and lands on 0, as clampRound gives it
                out[i] = (byte) (value >= 255 ? 255 : value > 0 ? Math.round(value) : 0);
            }
        } else {
            for (int i = 0; i < values.length; i++) {
                data.set(i, values[i]);
            }
        }
        return data;
    }
}

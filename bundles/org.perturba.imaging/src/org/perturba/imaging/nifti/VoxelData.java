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
        this.type = type;
        this.size = size;
        this.bytes = type.bytesPerVoxel() == 1 ? new byte[size] : null;
        this.shorts = type.bytesPerVoxel() == 2 ? new short[size] : null;
        this.ints = type == NiftiDataType.INT32 || type == NiftiDataType.UINT32 ? new int[size] : null;
        this.longs = type == NiftiDataType.INT64 ? new long[size] : null;
        this.floats = type == NiftiDataType.FLOAT32 ? new float[size] : null;
        this.doubles = type == NiftiDataType.FLOAT64 ? new double[size] : null;
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

    /** Fills voxels {@code [start, start + count)} from a buffer in the file's byte order. */
    void readFrom(ByteBuffer buffer, int start, int count) {
        for (int i = start; i < start + count; i++) {
            switch (type) {
            case UINT8, INT8 -> bytes[i] = buffer.get();
            case INT16, UINT16 -> shorts[i] = buffer.getShort();
            case INT32, UINT32 -> ints[i] = buffer.getInt();
            case INT64 -> longs[i] = buffer.getLong();
            case FLOAT32 -> floats[i] = buffer.getFloat();
            case FLOAT64 -> doubles[i] = buffer.getDouble();
            }
        }
    }

    /** Writes voxels {@code [start, start + count)} into a buffer in its byte order. */
    void writeTo(ByteBuffer buffer, int start, int count) {
        for (int i = start; i < start + count; i++) {
            switch (type) {
            case UINT8, INT8 -> buffer.put(bytes[i]);
            case INT16, UINT16 -> buffer.putShort(shorts[i]);
            case INT32, UINT32 -> buffer.putInt(ints[i]);
            case INT64 -> buffer.putLong(longs[i]);
            case FLOAT32 -> buffer.putFloat(floats[i]);
            case FLOAT64 -> buffer.putDouble(doubles[i]);
            }
        }
    }
}

package org.perturba.imaging.nifti;

import java.nio.ByteBuffer;

/**
 * Voxels converted to scaled floats as the reader delivers them, a chunk at a time: a volume is read
 * without holding the image in its stored type as well, and each chunk is converted while in cache.
 */
final class ScaledFloats {
    private final NiftiHeader header;
    private final float[] values;
    /** For an 8-bit type, the float of each stored value: bytes are converted straight from the buffer. */
    private final float[] byteValues;

    /** @param values the volume's array, {@code header.voxelCount()} long */
    ScaledFloats(NiftiHeader header, float[] values) {
        this.header = header;
        this.values = values;
        this.byteValues = header.dataType().bytesPerVoxel() == 1
                ? VoxelData.byteTable(header.dataType(), header.isScaled(), header.sclSlope(), header.sclInter())
                : null;
    }

    /**
     * Converts voxels {@code [start, start + count)} from a buffer in the file's byte order, advancing
     * it; safe to call from several threads for disjoint ranges (each call has its own chunk).
     */
    void readFrom(ByteBuffer buffer, int start, int count) {
        if (byteValues != null) {
            int position = buffer.position();
            for (int i = 0; i < count; i++) {
                values[start + i] = byteValues[buffer.get(position + i) & 0xff];
            }
            buffer.position(position + count);
            return;
        }
        VoxelData chunk = new VoxelData(header.dataType(), count);
        chunk.readFrom(buffer, 0, count);
        chunk.toFloats(0, count, values, start, header.isScaled(), header.sclSlope(), header.sclInter());
    }
}

package org.perturba.imaging.nifti;

import java.nio.ByteBuffer;

/**
 * Voxels converted to scaled floats as the reader delivers them, a chunk at a time: a volume is read
 * without holding the image in its stored type as well, and each chunk is converted while in cache.
 */
final class ScaledFloats {
    private final NiftiHeader header;
    private final float[] values;
    /** The stored values of the current chunk; as large as the largest chunk so far. */
    private VoxelData chunk;

    /** @param values the volume's array, {@code header.voxelCount()} long */
    ScaledFloats(NiftiHeader header, float[] values) {
        this.header = header;
        this.values = values;
    }

    /** Converts voxels {@code [start, start + count)} from a buffer in the file's byte order, advancing it. */
    void readFrom(ByteBuffer buffer, int start, int count) {
        if (chunk == null || chunk.size() < count) {
            chunk = new VoxelData(header.dataType(), count);
        }
        chunk.readFrom(buffer, 0, count);
        chunk.toFloats(0, count, values, start, header.isScaled(), header.sclSlope(), header.sclInter());
    }
}

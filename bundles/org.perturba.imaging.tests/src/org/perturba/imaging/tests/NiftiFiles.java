package org.perturba.imaging.tests;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds NIfTI-1 files byte by byte, independently of Perturba's codec, for reader tests. */
final class NiftiFiles {
    private NiftiFiles() {
    }

    /**
     * A single-file NIfTI-1 image: header (348 bytes), 4-byte extension flag, int16 voxels 0, 1, 2, ...
     * The returned buffer is positioned at 0 so that tests can patch fields before writing it out.
     */
    static ByteBuffer int16Image(ByteOrder order, int nx, int ny, int nz) {
        int voxels = nx * ny * nz;
        ByteBuffer file = ByteBuffer.allocate(352 + 2 * voxels).order(order);
        file.putInt(0, 348);
        file.putShort(40, (short) 3);
        file.putShort(42, (short) nx);
        file.putShort(44, (short) ny);
        file.putShort(46, (short) nz);
        file.putShort(48, (short) 1);
        file.putShort(70, (short) 4); // int16
        file.putShort(72, (short) 16);
        file.putFloat(76, 1);
        file.putFloat(80, 2);
        file.putFloat(84, 3);
        file.putFloat(88, 4);
        file.putFloat(108, 352);
        file.put(344, "n+1\0".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < voxels; i++) {
            file.putShort(352 + 2 * i, (short) i);
        }
        return file;
    }
}

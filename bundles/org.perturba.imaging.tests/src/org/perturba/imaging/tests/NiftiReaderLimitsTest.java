package org.perturba.imaging.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.imaging.ResourceLimits;
import org.perturba.imaging.ResourceLimits.Limit;
import org.perturba.imaging.nifti.InvalidNiftiException;
import org.perturba.imaging.nifti.NiftiReader;

/** Each cap on images refuses an input just over it, with the property to raise it, and reads one just under it. */
class NiftiReaderLimitsTest {
    /** 2×2×2 int16 voxels after a 352-byte header: 8 voxels, 16 bytes of data, 368 bytes in all. */
    private static final int VOXELS = 8;
    private static final int FILE_BYTES = 352 + 2 * VOXELS;

    @TempDir
    Path dir;

    @Test
    void voxelsPerImage() throws IOException {
        Path file = write("image.nii", image().array());
        assertReads(file, ResourceLimits.defaults().with(Limit.MAX_VOXELS, VOXELS));
        assertRefused(file, ResourceLimits.defaults().with(Limit.MAX_VOXELS, VOXELS - 1),
                "claims 8 voxels, more than the limit of 7 (perturba.limit.max-voxels)");
    }

    @Test
    void fileSizeOnDisk() throws IOException {
        Path file = write("image.nii", image().array());
        assertEquals(FILE_BYTES, Files.size(file));
        assertReads(file, ResourceLimits.defaults().with(Limit.MAX_FILE_BYTES, FILE_BYTES));
        assertRefused(file, ResourceLimits.defaults().with(Limit.MAX_FILE_BYTES, FILE_BYTES - 1),
                "refused: 368 bytes on disk, more than the limit of 367 (perturba.limit.max-file-bytes)");
    }

    @Test
    void decompressedSizeOfAGzippedImage() throws IOException {
        Path file = gzip("image.nii.gz", image().array());
        assertReads(file, ResourceLimits.defaults().with(Limit.MAX_DECOMPRESSED_BYTES, FILE_BYTES));
        assertRefused(file, ResourceLimits.defaults().with(Limit.MAX_DECOMPRESSED_BYTES, FILE_BYTES - 1),
                "needs 368 bytes decompressed, more than the limit of 367 (perturba.limit.max-decompressed-bytes)");
    }

    @Test
    void aGzipBombIsRefusedFromItsHeaderBeforeInflating() throws IOException {
        // vox_offset 1e12: reaching the voxels would inflate a terabyte; the file itself is tiny and truncated
        ByteBuffer bomb = image();
        bomb.putFloat(108, 1e12f);
        Path file = gzip("bomb.nii.gz", bomb.array());
        long started = System.nanoTime();
        assertRefused(file, ResourceLimits.defaults(), "more than the limit of " + (2L << 30)
                + " (perturba.limit.max-decompressed-bytes)");
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "refused without inflating");
    }

    @Test
    void theVoxelPayloadOfAnUncompressedImageCountsAsDecompressed() throws IOException {
        Path file = write("image.nii", image().array());
        assertReads(file, ResourceLimits.defaults().with(Limit.MAX_DECOMPRESSED_BYTES, 2 * VOXELS));
        assertRefused(file, ResourceLimits.defaults().with(Limit.MAX_DECOMPRESSED_BYTES, 2 * VOXELS - 1),
                "needs 16 bytes decompressed, more than the limit of 15");
    }

    private static ByteBuffer image() {
        return NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2);
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private Path gzip(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
        return file;
    }

    private static void assertReads(Path file, ResourceLimits limits) throws IOException {
        assertEquals(7.0, new NiftiReader(limits).read(file).value(7));
    }

    private static void assertRefused(Path file, ResourceLimits limits, String expected) {
        InvalidNiftiException e = assertThrows(InvalidNiftiException.class, () -> new NiftiReader(limits).read(file));
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}

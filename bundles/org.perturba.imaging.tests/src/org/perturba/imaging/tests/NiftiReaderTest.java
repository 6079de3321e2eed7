package org.perturba.imaging.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;
import org.perturba.imaging.nifti.InvalidNiftiException;
import org.perturba.imaging.nifti.NiftiDataType;
import org.perturba.imaging.nifti.NiftiHeader;
import org.perturba.imaging.nifti.NiftiImage;
import org.perturba.imaging.nifti.NiftiReader;
import org.perturba.imaging.nifti.NiftiWriter;

class NiftiReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsBothByteOrders() throws IOException {
        for (ByteOrder order : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN }) {
            NiftiImage image = read(NiftiFiles.int16Image(order, 4, 3, 2), "image.nii");
            assertArrayEquals(new long[] { 4, 3, 2 }, image.shape());
            assertEquals(23.0, image.value(23));
            assertEquals(order, image.header().byteOrder());
        }
    }

    @Test
    void appliesSlopeAndInterceptOnlyForAValidSlope() throws IOException {
        ByteBuffer file = NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2);
        file.putFloat(112, 2.5f).putFloat(116, -1);
        assertEquals(3 * 2.5 - 1, read(file, "scaled.nii").value(3));
        file.putFloat(112, 0).putFloat(116, 7); // slope 0 means "no scaling"
        assertEquals(3.0, read(file, "unscaled.nii").value(3));
    }

    @Test
    void withoutOrientationCodesTheAffineComesFromVoxelSizesAlone() throws IOException {
        Affine affine = read(NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 5, 3, 2), "plain.nii").affine();
        // as nibabel: x flipped, grid centred: diag(-2, 3, 4), offset -(shape-1)/2 * zoom
        assertTrue(affine.equals(new Affine(new double[][] { { -2, 0, 0, 4 }, { 0, 3, 0, -3 }, { 0, 0, 4, -2 } }), 0));
        assertEquals("LAS", affine.orientation());
    }

    @Test
    void buildsTheQformWithQfacMinusOne() throws IOException {
        ByteBuffer file = NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2);
        double half = Math.sqrt(0.5);
        file.putShort(252, (short) 1).putFloat(76, -1); // qform_code 1, qfac -1
        file.putFloat(264, (float) half); // 90° about z: quatern_d = sin(45°)
        file.putFloat(268, 10).putFloat(272, 20).putFloat(276, 30);
        Affine affine = read(file, "qform.nii").affine();
        Affine expected = new Affine(new double[][] { { 0, -3, 0, 10 }, { 2, 0, 0, 20 }, { 0, 0, -4, 30 } });
        assertTrue(affine.equals(expected, 1e-6), affine.toString());
        assertEquals("ALI", affine.orientation());
    }

    @Test
    void prefersTheSformOverTheQform() throws IOException {
        ByteBuffer file = NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2);
        file.putShort(252, (short) 1).putShort(254, (short) 4);
        float[] srow = { 0.9f, 0.1f, 0, -90, -0.1f, 0.9f, 0, -120, 0, 0, 1.1f, -70 };
        for (int i = 0; i < srow.length; i++) {
            file.putFloat(280 + 4 * i, srow[i]);
        }
        Affine affine = read(file, "sform.nii").affine();
        assertEquals(0.1f, affine.get(0, 1), 0);
        assertEquals(-70f, affine.get(2, 3), 0);
        assertEquals("RAS", affine.orientation());
    }

    @Test
    void refusesANonFiniteSformInOneLineRatherThanFallingBackToTheQform() {
        // nibabel's get_best_affine returns such a sform as it is; Perturba refuses it, naming the field
        ByteBuffer file = NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2);
        file.putShort(252, (short) 1).putShort(254, (short) 2); // a valid (identity) qform too
        file.putFloat(280, 2).putFloat(296 + 4, Float.NaN).putFloat(312 + 8, 4);
        assertInvalid(file.array(), "nan-sform.nii", "the sform holds a non-finite value: srow_y[1] is NaN");
        assertHeaderInvalid(file.array(), "nan-sform-header.nii", "srow_y[1] is NaN");
    }

    @Test
    void refusesANonFiniteQformInOneLine() {
        ByteBuffer file = NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2).putShort(252, (short) 1);
        assertInvalid(file.putFloat(260, Float.NaN).array(), "nan-quatern.nii",
                "the qform holds a non-finite value: quatern_c is NaN");
        file = NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2).putShort(252, (short) 1);
        assertInvalid(file.putFloat(276, Float.POSITIVE_INFINITY).array(), "inf-qoffset.nii",
                "the qform holds a non-finite value: qoffset_z is Infinity");
        file = NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2).putShort(252, (short) 1);
        assertInvalid(file.putFloat(80, Float.NaN).array(), "nan-pixdim.nii",
                "the qform holds a non-finite value: pixdim[1] is NaN");
    }

    @Test
    void ignoresNonFiniteValuesInATransformTheCodesLeaveUnused() throws IOException {
        // as nibabel: sform_code 0, so the srow fields mean nothing and the qform is used
        ByteBuffer file = NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2).putShort(252, (short) 1);
        file.putFloat(284, Float.NaN);
        assertEquals("RAS", read(file, "unused-sform.nii").affine().orientation());
    }

    @Test
    void readsGzippedFilesWhateverTheirName() throws IOException {
        Path file = dir.resolve("compressed.nii.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(NiftiFiles.int16Image(ByteOrder.BIG_ENDIAN, 3, 3, 3).array());
        }
        assertEquals(26.0, new NiftiReader().read(file).value(26));
    }

    @Test
    void readsTheHdrImgPairFromEitherName() throws IOException {
        ByteBuffer single = NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 3, 4);
        single.put(344, "ni1\0".getBytes(StandardCharsets.US_ASCII)).putFloat(108, 0);
        Files.write(dir.resolve("pair.hdr"), Arrays.copyOf(single.array(), 348));
        Files.write(dir.resolve("pair.img"), Arrays.copyOfRange(single.array(), 352, single.capacity()));
        for (String name : new String[] { "pair.hdr", "pair.img" }) {
            NiftiImage image = new NiftiReader().read(dir.resolve(name));
            assertEquals(17.0, image.value(17));
        }
    }

    @Test
    void aFourDimensionalImageWithOneFrameIsAVolume() throws IOException {
        ByteBuffer file = NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2);
        file.putShort(40, (short) 4).putShort(48, (short) 1);
        Volume volume = read(file, "4d.nii").toVolume();
        assertArrayEquals(new int[] { 2, 2, 2 }, volume.shape());
        assertArrayEquals(new double[] { 2, 3, 4 }, volume.spacingMm());
        assertEquals(7f, volume.get(1, 1, 1));
    }

    @Test
    void readVolumeGivesWhatReadAndToVolumeGive() throws IOException {
        // 300,000 voxels: several of the reader's chunks, whatever the type
        float[] values = new float[100 * 60 * 50];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i * 37) % 251 - 20 + 0.25f * (i % 4);
        }
        Volume original = new Volume(new int[] { 100, 60, 50 }, Affine.diagonal(1.5, 2, 3), values);
        for (NiftiDataType type : NiftiDataType.values()) {
            NiftiImage image = NiftiImage.of(original, type, "");
            for (double[] scaling : new double[][] { { 0, 0 }, { 0.5, -3 } }) {
                NiftiHeader h = image.header();
                NiftiImage stored = new NiftiImage(new NiftiHeader(h.version(), h.byteOrder(), h.singleFile(), h.dims(),
                        h.dataType(), h.pixdim(), h.voxOffset(), scaling[0], scaling[1], h.qformCode(), h.sformCode(),
                        h.quatern(), h.qoffset(), h.srow(), h.xyztUnits(), h.intentCode(), h.description()), image.data());
                for (String extension : new String[] { ".nii", ".nii.gz" }) {
                    Path file = dir.resolve("volume-" + type + "-" + scaling[0] + extension);
                    new NiftiWriter().write(stored, file, 1);
                    Volume expected = new NiftiReader().read(file).toVolume();
                    Volume volume = new NiftiReader().readVolume(file);
                    assertArrayEquals(expected.voxels(), volume.voxels(), file.getFileName().toString());
                    assertTrue(expected.affine().equals(volume.affine(), 0), file.getFileName().toString());
                }
            }
        }
        ByteBuffer scaled = NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2);
        scaled.putFloat(112, 2.5f).putFloat(116, -1);
        Files.write(dir.resolve("scaled.nii"), scaled.array());
        assertEquals(3 * 2.5f - 1, new NiftiReader().readVolume(dir.resolve("scaled.nii")).voxels()[3]);
    }

    @Test
    void aTimeSeriesIsNotAVolume() throws IOException {
        ByteBuffer file = NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2);
        file.putShort(40, (short) 4).putShort(46, (short) 1).putShort(48, (short) 2);
        NiftiImage image = read(file, "series.nii");
        assertArrayEquals(new long[] { 2, 2, 1, 2 }, image.shape());
        assertThrows(IllegalArgumentException.class, image::toVolume);
    }

    @Test
    void skipsExtensionsThroughVoxOffset() throws IOException {
        ByteBuffer plain = NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2);
        ByteBuffer extended = ByteBuffer.allocate(plain.capacity() + 32).order(ByteOrder.LITTLE_ENDIAN);
        extended.put(0, plain.array(), 0, 352);
        extended.put(348, (byte) 1).putInt(352, 32).putInt(356, 6); // one 32-byte extension (code 6: comment)
        extended.put(384, plain.array(), 352, plain.capacity() - 352);
        extended.putFloat(108, 384);
        assertEquals(5.0, read(extended, "extended.nii").value(5));
    }

    // --- malformed files: one checked exception, with the file, the field and the value ---

    @Test
    void rejectsAnEmptyFile() throws IOException {
        assertInvalid(new byte[0], "empty.nii", "the file is empty");
    }

    @Test
    void rejectsAWrongHeaderSize() {
        ByteBuffer file = NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2).putInt(0, 1234);
        assertInvalid(file.array(), "size.nii", "sizeof_hdr is 1234");
    }

    @Test
    void rejectsAWrongMagic() {
        ByteBuffer file = NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2);
        file.put(344, "abc\0".getBytes(StandardCharsets.US_ASCII));
        assertInvalid(file.array(), "magic.nii", "magic is 'abc'");
    }

    @Test
    void rejectsOutOfRangeDimensions() {
        assertInvalid(NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2).putShort(40, (short) 9).array(),
                "dim0.nii", "dim[0] is 9");
        assertInvalid(NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2).putShort(44, (short) -5).array(),
                "dim2.nii", "dim[2] is -5");
    }

    @Test
    void rejectsUnknownAndUnsupportedDatatypes() {
        assertInvalid(NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2).putShort(70, (short) 3).array(),
                "type3.nii", "datatype is 3: unknown datatype");
        assertInvalid(NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2).putShort(70, (short) 128).array(),
                "rgb.nii", "datatype is 128: RGB24 is not supported yet");
    }

    @Test
    void rejectsTruncatedData() {
        byte[] whole = NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 4, 4, 4).array();
        assertInvalid(Arrays.copyOf(whole, whole.length - 10), "short.nii",
                "the voxel data is truncated: the header needs 128 bytes, the file holds 118");
        assertInvalid(Arrays.copyOf(whole, 200), "header.nii", "the header is truncated: 200 of 348 bytes");
    }

    @Test
    void rejectsTruncatedGzippedData() throws IOException {
        byte[] whole = NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 8, 8, 8).array();
        Path file = dir.resolve("short.nii.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(whole, 0, whole.length - 100);
        }
        InvalidNiftiException error = assertThrows(InvalidNiftiException.class, () -> new NiftiReader().read(file));
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
    }

    @Test
    void rejectsVoxOffsetPastTheEnd() {
        ByteBuffer file = NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2).putFloat(108, 100000);
        assertInvalid(file.array(), "offset.nii", "vox_offset is 100000, past the end of the 368-byte file");
    }

    @Test
    void rejectsGzipGarbage() {
        byte[] garbage = new byte[600];
        garbage[0] = 0x1f;
        garbage[1] = (byte) 0x8b;
        Arrays.fill(garbage, 2, garbage.length, (byte) 0x55);
        assertInvalid(garbage, "garbage.nii.gz", "the gzip stream is corrupt");
    }

    @Test
    void refusesImagesLargerThanTheLimitBeforeAllocating() {
        // 32767³ int16 voxels claim 70 TB: refused from the header alone
        ByteBuffer file = NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2);
        file.putShort(42, Short.MAX_VALUE).putShort(44, Short.MAX_VALUE).putShort(46, Short.MAX_VALUE);
        assertInvalid(file.array(), "huge.nii", "more than the limit of " + (512L << 20) + " (perturba.limit.max-voxels)");
    }

    @Test
    void refusesAGzipFileClaimingMoreThanItCanInflateToBeforeAllocating() throws IOException {
        // Found by fuzzing: a few hundred gzipped bytes claiming 1000 x 1000 x 500 int16 voxels (1 GB,
        // under the limit) were allocated before the stream was found short.
        ByteBuffer header = NiftiFiles.int16Image(ByteOrder.LITTLE_ENDIAN, 2, 2, 2);
        header.putShort(42, (short) 1000).putShort(44, (short) 1000).putShort(46, (short) 500);
        Path file = dir.resolve("bomb.nii.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(header.array());
        }
        InvalidNiftiException error = assertThrows(InvalidNiftiException.class, () -> new NiftiReader().read(file));
        assertTrue(error.getMessage().contains("the header needs 1000000000 bytes, more than the " + Files.size(file)
                + "-byte gzip file can hold"), error.getMessage());
    }

    private NiftiImage read(ByteBuffer content, String name) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content.array());
        return new NiftiReader().read(file);
    }

    private void assertHeaderInvalid(byte[] content, String name, String expected) {
        Path file = dir.resolve(name);
        InvalidNiftiException error = assertThrows(InvalidNiftiException.class, () -> {
            Files.write(file, content);
            new NiftiReader().readHeader(file);
        });
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }

    private void assertInvalid(byte[] content, String name, String expected) {
        Path file = dir.resolve(name);
        InvalidNiftiException error = assertThrows(InvalidNiftiException.class, () -> {
            Files.write(file, content);
            new NiftiReader().read(file);
        });
        assertTrue(error.getMessage().startsWith(file + ": "), error.getMessage());
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }
}

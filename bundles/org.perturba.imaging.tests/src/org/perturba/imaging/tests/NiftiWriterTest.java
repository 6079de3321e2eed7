package org.perturba.imaging.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.imaging.Affine;
import org.perturba.imaging.nifti.NiftiDataType;
import org.perturba.imaging.nifti.NiftiHeader;
import org.perturba.imaging.nifti.NiftiImage;
import org.perturba.imaging.nifti.NiftiReader;
import org.perturba.imaging.nifti.NiftiWriter;
import org.perturba.imaging.nifti.VoxelData;

class NiftiWriterTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEveryDatatypeExactlyInBothVersionsAndCompressions() throws IOException {
        for (NiftiDataType type : NiftiDataType.values()) {
            NiftiImage original = image(type, new int[] { 5, 4, 3 });
            for (int version = 1; version <= 2; version++) {
                for (String suffix : new String[] { ".nii", ".nii.gz" }) {
                    Path file = dir.resolve(type + "-v" + version + suffix);
                    new NiftiWriter().write(original, file, version);
                    NiftiImage copy = new NiftiReader().read(file);
                    String what = file.getFileName().toString();
                    assertEquals(version, copy.header().version(), what);
                    assertEquals(type, copy.data().type(), what);
                    assertArrayEquals(original.shape(), copy.shape(), what);
                    for (int i = 0; i < original.data().size(); i++) {
                        assertEquals(original.data().get(i), copy.data().get(i), 0, what + " voxel " + i);
                    }
                    assertTrue(copy.affine().equals(original.affine(), 1e-4), what + "\n" + copy.affine());
                }
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(NiftiDataType.values().length * 4, files.count(), "no temporary file left");
        }
    }

    @Test
    void aWriteThatFailsMidwayKeepsTheOldFileAndLeavesNoTemporaryOne() throws IOException {
        NiftiImage image = image(NiftiDataType.INT16, new int[] { 4, 4, 4 });
        for (String name : new String[] { "old.nii", "old.nii.gz" }) {
            Path file = dir.resolve(name);
            new NiftiWriter().write(image, file, 1);
            byte[] old = Files.readAllBytes(file);
            NiftiImage broken = new NiftiImage(image.header(), null); // fails once the temporary file is open
            assertThrows(NullPointerException.class, () -> new NiftiWriter().write(broken, file, 2));
            assertArrayEquals(old, Files.readAllBytes(file), name);
            assertThrows(NullPointerException.class, () -> new NiftiWriter().write(broken, dir.resolve("new-" + name), 1));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("old.nii", "old.nii.gz"), files.map(file -> file.getFileName().toString()).sorted().toList(),
                    "no temporary file, no new file");
        }
    }

    @Test
    void writingTouchesNoOtherFileBesideTheTarget() throws IOException {
        Path file = dir.resolve("image.nii");
        Files.writeString(dir.resolve("image.nii.partial"), "mine");
        new NiftiWriter().write(image(NiftiDataType.UINT8, new int[] { 2, 2, 2 }), file, 1);
        assertEquals("mine", Files.readString(dir.resolve("image.nii.partial")), "a fixed temporary name would take it");
    }

    @Test
    void writesAQformThatAgreesWithTheSform() throws IOException {
        Path file = dir.resolve("oblique.nii");
        NiftiImage rigid = image(NiftiDataType.FLOAT32, new int[] { 3, 3, 3 });
        new NiftiWriter().write(rigid, file, 1);
        NiftiHeader written = new NiftiReader().read(file).header();
        assertEquals(1, written.sformCode(), "the source's sform code is kept");
        assertEquals(1, written.qformCode(), "the qform takes the sform's code when the source had none");
        assertTrue(written.qformAffine().equals(written.affine(), 1e-3),
                written.qformAffine() + "\nvs\n" + written.affine());
    }

    private static NiftiImage image(NiftiDataType type, int[] shape) {
        int voxels = shape[0] * shape[1] * shape[2];
        VoxelData data = new VoxelData(type, voxels);
        Random random = new Random(type.code());
        double[] range = switch (type) {
        case UINT8 -> new double[] { 0, 255 };
        case INT8 -> new double[] { -128, 127 };
        case INT16 -> new double[] { -32768, 32767 };
        case UINT16 -> new double[] { 0, 65535 };
        case INT32 -> new double[] { Integer.MIN_VALUE, Integer.MAX_VALUE };
        case UINT32 -> new double[] { 0, 4294967295.0 };
        case INT64 -> new double[] { -1e15, 1e15 };
        case FLOAT32, FLOAT64 -> new double[] { -1e6, 1e6 };
        };
        data.set(0, range[0]);
        data.set(1, range[1]);
        for (int i = 2; i < voxels; i++) {
            double value = range[0] + random.nextDouble() * (range[1] - range[0]);
            data.set(i, type == NiftiDataType.FLOAT32 ? (float) value : value);
        }
        long[] dims = { 3, shape[0], shape[1], shape[2], 1, 1, 1, 1 };
        double[] pixdim = { 1, 1.2, 1.2, 2.5, 1, 1, 1, 1 };
        NiftiHeader header = new NiftiHeader(1, ByteOrder.LITTLE_ENDIAN, true, dims, type, pixdim, 352, 0, 0, 0, 1,
                new double[3], new double[3], rigidOblique(), 10, 0, "test image");
        return new NiftiImage(header, data);
    }

    /** A rotation of 10° about z, voxels 1.2 × 1.2 × 2.5 mm, k flipped (left-handed). */
    private static double[][] rigidOblique() {
        double angle = Math.toRadians(10);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        Affine affine = new Affine(new double[][] { { cos * 1.2, -sin * 1.2, 0, 90.5 }, { sin * 1.2, cos * 1.2, 0, -126.25 },
                { 0, 0, -2.5, 72 } });
        double[][] rows = affine.rows();
        return new double[][] { rows[0], rows[1], rows[2] };
    }
}

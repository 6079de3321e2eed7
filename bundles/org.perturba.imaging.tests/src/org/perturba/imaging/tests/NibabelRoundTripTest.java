package org.perturba.imaging.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.imaging.Affine;
import org.perturba.imaging.nifti.NiftiDataType;
import org.perturba.imaging.nifti.NiftiHeader;
import org.perturba.imaging.nifti.NiftiImage;
import org.perturba.imaging.nifti.NiftiReader;
import org.perturba.imaging.nifti.NiftiWriter;
import org.perturba.imaging.nifti.VoxelData;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Files written by Perturba read identically in nibabel: same shape, type, voxel values, affine,
 * and a qform that agrees with the sform (skipped where nibabel is not installed).
 */
class NibabelRoundTripTest {
    private static final Affine OBLIQUE = new Affine(new double[][] { { -1.9, 0.3, 0.1, 90 }, { 0.31, 1.95, -0.2, -126 },
            { -0.05, 0.21, 2.4, -72 } });

    @TempDir
    Path dir;

    @Test
    void nibabelReadsWhatPerturbaWrites() throws IOException, InterruptedException {
        List<Path> files = new ArrayList<>();
        List<NiftiImage> images = new ArrayList<>();
        for (NiftiDataType type : NiftiDataType.values()) {
            NiftiImage image = image(type);
            for (int version = 1; version <= 2; version++) {
                Path file = dir.resolve(type.name().toLowerCase() + "-v" + version + (version == 1 ? ".nii" : ".nii.gz"));
                new NiftiWriter().write(image, file, version);
                files.add(file);
                images.add(image);
            }
        }
        JsonObject read = Nibabel.run(Fixtures.copy("read_with_nibabel.py", dir),
                files.stream().map(Path::toString).toList(), dir).getAsJsonObject();
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            NiftiImage image = images.get(f);
            JsonObject nibabel = read.getAsJsonObject(file.toString());
            String what = file.getFileName().toString();
            assertEquals(image.header().dataType().code(), nibabel.get("datatype").getAsInt(), what);
            assertEquals(what.endsWith(".gz") ? 2 : 1, nibabel.get("niftiVersion").getAsInt(), what);
            assertArrayEquals(image.shape(), nibabel.getAsJsonArray("dims").asList().stream()
                    .mapToLong(JsonElement::getAsLong).toArray(), what);
            JsonArray values = nibabel.getAsJsonArray("values");
            for (int i = 0; i < image.data().size(); i++) {
                assertEquals(image.data().get(i), values.get(i).getAsDouble(), 0, what + " voxel " + i);
            }
            assertTrue(OBLIQUE.equals(affine(nibabel.getAsJsonArray("affine")), 1e-5), what + " affine");
            Affine qform = affine(nibabel.getAsJsonArray("qformAffine"));
            Affine perturbaQform = new NiftiReader().read(file).header().qformAffine();
            assertTrue(qform.equals(perturbaQform, 1e-5), what + " qform\n" + qform + "\nPerturba\n" + perturbaQform);
            assertTrue(OBLIQUE.equals(qform, 0.15), what + ": the qform is the closest rigid transform\n" + qform);
        }
    }

    @Test
    void aVolumeWrittenAsFloatComesBackUnchanged() throws IOException {
        NiftiImage image = image(NiftiDataType.FLOAT32);
        Path file = dir.resolve("volume.nii.gz");
        new NiftiWriter().write(NiftiImage.of(image.toVolume(), NiftiDataType.FLOAT32, "volume"), file, 1);
        NiftiImage copy = new NiftiReader().read(file);
        assertArrayEquals(image.toVolume().voxels(), copy.toVolume().voxels());
        assertTrue(OBLIQUE.equals(copy.affine(), 1e-5), copy.affine().toString());
    }

    /** Voxels spanning the type's range, some negative where the type allows. */
    private static NiftiImage image(NiftiDataType type) {
        long[] shape = { 5, 4, 3 };
        VoxelData data = new VoxelData(type, 60);
        boolean signed = type != NiftiDataType.UINT8 && type != NiftiDataType.UINT16 && type != NiftiDataType.UINT32;
        double scale = switch (type.bytesPerVoxel()) {
        case 1 -> 2;
        case 2 -> 500;
        default -> 7e6;
        };
        for (int i = 0; i < 60; i++) {
            double value = (signed ? i - 30 : i) * scale;
            data.set(i, type == NiftiDataType.FLOAT32 || type == NiftiDataType.FLOAT64 ? value + 0.25 : value);
        }
        return new NiftiImage(NiftiHeader.of(shape, type, OBLIQUE, "round trip " + type), data);
    }

    private static Affine affine(JsonArray rows) {
        return new Affine(rows.asList().stream().map(row -> row.getAsJsonArray().asList().stream()
                .mapToDouble(JsonElement::getAsDouble).toArray()).toArray(double[][]::new));
    }
}

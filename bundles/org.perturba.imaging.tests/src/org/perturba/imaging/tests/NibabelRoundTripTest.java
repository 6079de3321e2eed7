package org.perturba.imaging.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

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
import com.google.gson.JsonParser;

/**
 * Files written by Perturba read identically in nibabel: same shape, type, voxel values, affine,
 * and a qform that agrees with the sform. Runs where a Python 3 with nibabel is installed (CI
 * installs Debian's python3-nibabel); elsewhere it is skipped, not passed.
 */
class NibabelRoundTripTest {
    private static final Affine OBLIQUE = new Affine(new double[][] { { -1.9, 0.3, 0.1, 90 }, { 0.31, 1.95, -0.2, -126 },
            { -0.05, 0.21, 2.4, -72 } });

    @TempDir
    Path dir;

    @Test
    void nibabelReadsWhatPerturbaWrites() throws IOException, InterruptedException {
        String python = pythonWithNibabel().orElse(null);
        assumeTrue(python != null, "no python3 with nibabel installed (Debian: python3-nibabel)");
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
        JsonObject read = runNibabel(python, files);
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

    private JsonObject runNibabel(String python, List<Path> files) throws IOException, InterruptedException {
        Path script = Fixtures.copy("read_with_nibabel.py", dir);
        List<String> command = new ArrayList<>(List.of(python, script.toString()));
        files.forEach(file -> command.add(file.toString()));
        Path output = dir.resolve("nibabel.json");
        Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(dir.resolve("nibabel.err").toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "nibabel did not finish within 2 minutes");
        assertEquals(0, process.exitValue(), () -> "nibabel failed:\n" + read(dir.resolve("nibabel.err")));
        return JsonParser.parseString(read(output)).getAsJsonObject();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Debian's interpreter first: a python3 earlier on the PATH (pyenv, venv) often lacks nibabel. */
    private static Optional<String> pythonWithNibabel() throws InterruptedException {
        for (String candidate : new String[] { "/usr/bin/python3", "python3" }) {
            try {
                Process probe = new ProcessBuilder(candidate, "-c", "import nibabel").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    return Optional.of(candidate);
                }
                probe.destroyForcibly();
            } catch (IOException notInstalled) {
                // try the next candidate
            }
        }
        return Optional.empty();
    }
}

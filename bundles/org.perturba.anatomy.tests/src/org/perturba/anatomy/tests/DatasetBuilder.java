package org.perturba.anatomy.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;
import org.perturba.imaging.nifti.NiftiDataType;
import org.perturba.imaging.nifti.NiftiImage;
import org.perturba.imaging.nifti.NiftiWriter;

/** Writes tiny BIDS-like datasets (real NIfTI files of a few voxels) for the dataset tests. */
final class DatasetBuilder {
    static final int[] SHAPE = { 3, 2, 2 };
    static final Affine AFFINE = new Affine(new double[][] { { -2, 0, 0, 10 }, { 0, 2, 0, -5 }, { 0, 0, 2.5, 1 } });

    private final Path root;

    DatasetBuilder(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** A text file under the root, one argument per line. */
    DatasetBuilder text(String relative, String... lines) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + (lines.length == 0 ? "" : "\n"), StandardCharsets.UTF_8);
        return this;
    }

    DatasetBuilder participants(String... lines) throws IOException {
        return text("participants.tsv", lines);
    }

    /** A float T1w image whose voxels count up from {@code first}, on the standard grid. */
    DatasetBuilder t1w(String subject, String extension, float first) throws IOException {
        return image(subject, "T1w", extension, ramp(SHAPE, AFFINE, first), NiftiDataType.FLOAT32);
    }

    /** A uint8 label map (labels 0, 1, 2, 0, 1, 2, ...) on the given grid. */
    DatasetBuilder dseg(String subject, String extension, int[] shape, Affine affine) throws IOException {
        Volume labels = ramp(shape, affine, 0);
        float[] voxels = labels.voxels();
        for (int i = 0; i < voxels.length; i++) {
            voxels[i] %= 3;
        }
        return image(subject, "dseg", extension, labels, NiftiDataType.UINT8);
    }

    DatasetBuilder dseg(String subject, String extension) throws IOException {
        return dseg(subject, extension, SHAPE, AFFINE);
    }

    DatasetBuilder image(String subject, String suffix, String extension, Volume volume, NiftiDataType type)
            throws IOException {
        Path file = image(subject, suffix, extension);
        Files.createDirectories(file.getParent());
        new NiftiWriter().write(NiftiImage.of(volume, type, "perturba test"), file, 1);
        return this;
    }

    /** Where a subject's image lives: {@code sub-X/anat/sub-X_<suffix><extension>}. */
    Path image(String subject, String suffix, String extension) {
        return root.resolve(subject).resolve("anat").resolve(subject + "_" + suffix + extension);
    }

    /** A volume whose voxels are first, first + 1, ... in storage order. */
    static Volume ramp(int[] shape, Affine affine, float first) {
        Volume volume = Volume.zeros(shape, affine);
        float[] voxels = volume.voxels();
        for (int i = 0; i < voxels.length; i++) {
            voxels[i] = first + i;
        }
        return volume;
    }
}

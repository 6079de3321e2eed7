package org.perturba.ui.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;
import org.perturba.imaging.nifti.NiftiDataType;
import org.perturba.imaging.nifti.NiftiImage;
import org.perturba.imaging.nifti.NiftiWriter;

/** Small real NIfTI files for the workbench tests, written with Perturba's own writer. */
final class TestVolumes {
    static final int[] SHAPE = { 12, 14, 10 };

    private TestVolumes() {
    }

    /** A 2 mm RAS volume whose value tells its voxel: {@code i + 100 j + 10000 k}, a bright ball in the middle. */
    static Volume image() {
        Affine affine = new Affine(new double[][] { { 2, 0, 0, -12 }, { 0, 2, 0, -14 }, { 0, 0, 2, -10 }, { 0, 0, 0, 1 } });
        Volume volume = Volume.zeros(SHAPE, affine);
        for (int k = 0; k < SHAPE[2]; k++) {
            for (int j = 0; j < SHAPE[1]; j++) {
                for (int i = 0; i < SHAPE[0]; i++) {
                    volume.set(i, j, k, i + 100 * j + 10000 * k);
                }
            }
        }
        return volume;
    }

    /** Two labels: 1 in the left half (i < 6), 2 in the right half, background on the top slice. */
    static Volume labels() {
        Volume image = image();
        Volume labels = Volume.zeros(SHAPE, image.affine());
        for (int k = 0; k < SHAPE[2] - 1; k++) {
            for (int j = 0; j < SHAPE[1]; j++) {
                for (int i = 0; i < SHAPE[0]; i++) {
                    labels.set(i, j, k, i < SHAPE[0] / 2 ? 1 : 2);
                }
            }
        }
        return labels;
    }

    static void write(Volume volume, Path file, NiftiDataType type) throws IOException {
        Files.createDirectories(file.getParent());
        new NiftiWriter().write(NiftiImage.of(volume, type, "perturba ui test"), file, 1);
    }

    /** A BIDS subject: {@code sub-01/anat/sub-01_T1w.nii.gz}, its {@code _dseg} and the dataset's {@code dseg.tsv}. */
    static Path subject(Path root) throws IOException {
        Path t1w = root.resolve("sub-01/anat/sub-01_T1w.nii.gz");
        write(image(), t1w, NiftiDataType.FLOAT32);
        write(labels(), root.resolve("sub-01/anat/sub-01_dseg.nii.gz"), NiftiDataType.INT16);
        Files.writeString(root.resolve("dseg.tsv"), "index\tname\n1\tLeft_Thing\n2\tRight_Thing\n");
        Files.writeString(root.resolve("participants.tsv"), "participant_id\tage\tsex\nsub-01\t42.5\tF\n");
        return t1w;
    }
}

package org.perturba.experiment.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.imaging.Volume;
import org.perturba.imaging.nifti.NiftiDataType;
import org.perturba.imaging.nifti.NiftiImage;
import org.perturba.imaging.nifti.NiftiWriter;

/** Between model batches and volumes: one example's voxels, and images written for people to look at. */
final class Volumes {
    private Volumes() {
    }

    /** Example {@code index} of a batch {@code [n, 1, x, y, z]} as voxels with x fastest, as a {@link Volume} holds them. */
    static float[] voxels(INDArray batch, int index) {
        // [1, x, y, z] -> [z, y, x] in C order puts x fastest
        return batch.slice(index).slice(0).permute(2, 1, 0).dup('c').data().asFloat();
    }

    /** A float32 NIfTI-1 file, written atomically by the NIfTI writer. */
    static void write(Volume volume, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        new NiftiWriter().write(NiftiImage.of(volume, NiftiDataType.FLOAT32, "perturba"), file, 1);
    }
}

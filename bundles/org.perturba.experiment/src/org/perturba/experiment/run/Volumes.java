package org.perturba.experiment.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.perturba.imaging.Volume;
import org.perturba.imaging.nifti.NiftiDataType;
import org.perturba.imaging.nifti.NiftiImage;
import org.perturba.imaging.nifti.NiftiWriter;

/** Images written for people to look at. */
final class Volumes {
    private Volumes() {
    }

    /** A float32 NIfTI-1 file, written atomically by the NIfTI writer. */
    static void write(Volume volume, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        new NiftiWriter().write(NiftiImage.of(volume, NiftiDataType.FLOAT32, "perturba"), file, 1);
    }
}

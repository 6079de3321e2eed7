package org.perturba.app;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.perturba.imaging.nifti.InvalidNiftiException;
import org.perturba.imaging.nifti.NiftiImage;
import org.perturba.imaging.nifti.NiftiReader;
import org.perturba.imaging.nifti.NiftiWriter;

/** Reads and writes the images named on the command line, every failure as one line that names the file. */
final class ImageFiles {
    private ImageFiles() {
    }

    static NiftiImage read(Path file) throws CommandFailedException {
        if (Files.isDirectory(file)) {
            throw new CommandFailedException(file + ": is a folder, expected a NIfTI file");
        }
        try {
            return new NiftiReader().read(file);
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    static void write(NiftiImage image, Path file, int niftiVersion) throws CommandFailedException {
        try {
            new NiftiWriter().write(image, file, niftiVersion);
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    private static CommandFailedException failure(Path file, IOException e) {
        String message;
        if (e instanceof InvalidNiftiException) {
            message = e.getMessage(); // already "file: problem"
        } else if (e instanceof NoSuchFileException missing) {
            message = (missing.getFile() == null ? file.toString() : missing.getFile()) + ": no such file";
        } else if (e instanceof AccessDeniedException) {
            message = file + ": permission denied";
        } else {
            message = file + ": " + e.getMessage();
        }
        return new CommandFailedException(message, e);
    }
}

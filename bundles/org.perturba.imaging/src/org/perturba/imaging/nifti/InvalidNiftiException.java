package org.perturba.imaging.nifti;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a readable NIfTI image; the message names the file, the field and its value. */
public class InvalidNiftiException extends IOException {
    private static final long serialVersionUID = 1L;

    public InvalidNiftiException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public InvalidNiftiException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}

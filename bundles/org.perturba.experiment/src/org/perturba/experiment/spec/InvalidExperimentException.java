package org.perturba.experiment.spec;

/** An experiment file that cannot be run: the message names the file, the field and what is wrong. */
public final class InvalidExperimentException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidExperimentException(String message) {
        super(message);
    }

    public InvalidExperimentException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.perturba.core.registry;

/** A contribution whose declaration or class does not meet its extension point's contract. */
public class InvalidContributionException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidContributionException(String message) {
        super(message);
    }

    public InvalidContributionException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.perturba.experiment.run;

/** A contribution threw while it was created or run: what it was and what it threw are in {@link #failure()}. */
public final class ContributionFailedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient ContributionFailure failure;

    public ContributionFailedException(ContributionFailure failure, Throwable cause) {
        super(failure.describe(), cause);
        this.failure = failure;
    }

    public ContributionFailure failure() {
        return failure;
    }
}

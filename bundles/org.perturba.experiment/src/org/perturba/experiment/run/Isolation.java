package org.perturba.experiment.run;

import java.util.concurrent.CancellationException;

import org.perturba.core.registry.ContributionKind;

/**
 * Runs a contribution's code so that what it throws unchecked (a bug in a plug-in, an error inside
 * DL4J) becomes a {@link ContributionFailedException} naming the contribution and the stage, which
 * the caller records before going on without it. Cancellation is not a failure and passes through.
 */
final class Isolation {
    /** A contribution's code; {@code E} is the one checked exception it may throw as part of its contract. */
    @FunctionalInterface
    interface Call<T, E extends Exception> {
        T call() throws E;
    }

    private Isolation() {
    }

    static <T, E extends Exception> T call(ContributionKind kind, String contribution, String stage, Call<T, E> call)
            throws E, ContributionFailedException {
        try {
            return call.call();
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new ContributionFailedException(ContributionFailure.of(kind, contribution, stage, e), e);
        }
    }
}

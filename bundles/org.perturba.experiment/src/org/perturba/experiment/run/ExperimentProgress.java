package org.perturba.experiment.run;

/**
 * How a running experiment reports what it is doing, and learns that it should stop. Called from
 * the thread that runs the experiment. Every method does nothing by default, so that a listener
 * implements only what it shows.
 */
public interface ExperimentProgress {

    /** Reports nothing and never asks to stop: for runs nobody watches (tests, callers with their own logging). */
    ExperimentProgress SILENT = new ExperimentProgress() {
    };

    /** A new stage begins, e.g. "training conventional"; {@code steps} units of work follow. */
    default void stage(String description, int steps) {
    }

    /** {@code done} of the current stage's steps are complete. */
    default void advance(int done) {
    }

    /** A note worth showing, e.g. a skipped attack. */
    default void note(String message) {
    }

    /**
     * A contribution threw while it was created or run; the run goes on without it (and without what
     * depended on it). By default a note; a workbench logs it as an error.
     */
    default void failed(ContributionFailure failure) {
        note(failure.describe());
    }

    /** Whether the user asked to stop; checked between units of work. */
    default boolean isCancelled() {
        return false;
    }
}

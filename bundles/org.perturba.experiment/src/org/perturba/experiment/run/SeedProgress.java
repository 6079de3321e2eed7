package org.perturba.experiment.run;

/**
 * The progress of one seed's run among several: every stage and note names the seed, e.g.
 * {@code seed 2/3: training conventional}; the rest passes through.
 */
final class SeedProgress implements ExperimentProgress {
    private final ExperimentProgress progress;
    private final String prefix;

    /** @param ordinal the seed's place among the run's seeds, from 1 */
    SeedProgress(ExperimentProgress progress, int ordinal, int seeds) {
        this.progress = progress;
        this.prefix = "seed " + ordinal + "/" + seeds + ": ";
    }

    @Override
    public void stage(String description, int steps) {
        progress.stage(prefix + description, steps);
    }

    @Override
    public void advance(int done) {
        progress.advance(done);
    }

    @Override
    public void note(String message) {
        progress.note(prefix + message);
    }

    @Override
    public void failed(ContributionFailure failure) {
        progress.failed(failure.inSeed(prefix));
    }

    @Override
    public boolean isCancelled() {
        return progress.isCancelled();
    }
}

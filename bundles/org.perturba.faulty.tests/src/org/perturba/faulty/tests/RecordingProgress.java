package org.perturba.faulty.tests;

import java.util.List;

import org.perturba.experiment.run.ContributionFailure;
import org.perturba.experiment.run.ExperimentProgress;

/** Progress that keeps the failures reported, in order. */
record RecordingProgress(List<ContributionFailure> failures) implements ExperimentProgress {
    @Override
    public void failed(ContributionFailure failure) {
        failures.add(failure);
    }
}

package org.perturba.experiment.spec;

import java.nio.file.Path;
import java.util.Optional;

import org.perturba.anatomy.cohort.CohortSpec;

/**
 * Where an experiment's subjects come from: an existing BIDS-like dataset, or a synthetic cohort
 * generated into the run directory.
 */
public record DatasetSource(Optional<Path> path, Optional<CohortSpec> cohort) {

    public DatasetSource {
        if (path.isPresent() == cohort.isPresent()) {
            throw new IllegalArgumentException("a dataset is either a path or a cohort to generate");
        }
    }

    public static DatasetSource directory(Path path) {
        return new DatasetSource(Optional.of(path), Optional.empty());
    }

    public static DatasetSource generated(CohortSpec cohort) {
        return new DatasetSource(Optional.empty(), Optional.of(cohort));
    }
}

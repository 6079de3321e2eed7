package org.perturba.experiment.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.perturba.core.registry.ContributionKind;

/**
 * The contribution failures of one run, each reported once as it happens (through
 * {@link ExperimentProgress#failed}) and listed in {@code summary.json} in the order they happened.
 * A contribution that fails again at the same stage for the same model (an attack at every epsilon)
 * is listed once, with its first message.
 */
final class Failures {
    private final ExperimentProgress progress;
    private final Map<Key, ContributionFailure> failures = new LinkedHashMap<>();

    Failures(ExperimentProgress progress) {
        this.progress = progress;
    }

    void record(ContributionFailure failure) {
        Key key = new Key(failure.kind(), failure.contribution(), failure.stage(), failure.model());
        if (failures.putIfAbsent(key, failure) == null) {
            progress.failed(failure);
        }
    }

    List<ContributionFailure> list() {
        return List.copyOf(failures.values());
    }

    private record Key(ContributionKind kind, String contribution, String stage, Optional<String> model) {
    }
}

package org.perturba.experiment.run;

import java.nio.file.Path;
import java.util.List;

import org.perturba.experiment.output.FindingSummary;

/**
 * What a finished run produced: its folder, its models, every attack run, the verdict on each
 * finding, and the contributions that failed (the models and cells that depended on them are missing).
 */
public record RunResult(Path directory, List<ModelResult> models, List<CellResult> cells, List<FindingSummary> findings,
        List<ContributionFailure> failures) {
}

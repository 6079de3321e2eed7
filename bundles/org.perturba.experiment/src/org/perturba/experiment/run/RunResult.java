package org.perturba.experiment.run;

import java.nio.file.Path;
import java.util.List;

/** What a finished run produced: its folder, its models, every attack run and the verdict on each finding. */
public record RunResult(Path directory, List<ModelResult> models, List<CellResult> cells, List<Finding> findings) {
}

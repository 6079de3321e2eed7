package org.perturba.experiment.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How a run was started, for its provenance.
 *
 * @param experimentFile the experiment file, when the experiment came from one
 */
public record Invocation(String perturbaVersion, List<String> commandLine, Optional<Path> experimentFile) {

    public Invocation {
        commandLine = List.copyOf(commandLine);
    }
}

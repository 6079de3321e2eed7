package org.perturba.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.ExperimentSpecReader;
import org.perturba.experiment.spec.InvalidExperimentException;

/** {@code perturba run EXPERIMENT --out DIR [--resume]}: runs an experiment file (docs/experiment-file.md). */
final class RunCommand implements Command {
    private final ExperimentRuns runs;

    RunCommand(ExperimentRuns runs) {
        this.runs = runs;
    }

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String synopsis() {
        return "EXPERIMENT.json --out DIR [--resume]";
    }

    @Override
    public String summary() {
        return "run an experiment file: train/load models, attack them, write summary.json and report.html";
    }

    @Override
    public int run(List<String> arguments, Console console) throws UsageException, CommandFailedException {
        Arguments.Parsed parsed = Arguments.of(name()).operand("EXPERIMENT.json").option("--out").flag("--resume").parse(arguments);
        Path file = Path.of(parsed.operand(0));
        Path out = Path.of(parsed.required("--out"));
        ExperimentSpec spec;
        try {
            spec = ExperimentSpecReader.read(file);
        } catch (InvalidExperimentException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
        return runs.run(spec, out, parsed.has("--resume"), name(), arguments, Optional.of(file), console);
    }
}

package org.perturba.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.perturba.core.registry.ContributionRegistry;
import org.perturba.experiment.run.ExperimentValidation;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.InvalidExperimentException;

/**
 * {@code perturba run EXPERIMENT --out DIR [--resume] [--reduce]}: runs an experiment file
 * (docs/experiment-file.md), validated as {@code perturba validate} does before the run folder is
 * created; {@code --reduce} runs it cut down to a smoke test ({@link ExperimentSpec#reduced()}).
 */
final class RunCommand implements Command {
    private final ExperimentRuns runs;
    private final ContributionRegistry registry;

    RunCommand(ExperimentRuns runs, ContributionRegistry registry) {
        this.runs = runs;
        this.registry = registry;
    }

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String synopsis() {
        return "EXPERIMENT.json --out DIR [--resume] [--reduce]";
    }

    @Override
    public String summary() {
        return "run an experiment file: train/load models, attack them, write summary.json and report.html";
    }

    @Override
    public int run(List<String> arguments, Console console) throws UsageException, CommandFailedException {
        Arguments.Parsed parsed = Arguments.of(name()).operand("EXPERIMENT.json").option("--out").flag("--resume").flag("--reduce")
                .parse(arguments);
        Path file = Path.of(parsed.operand(0));
        Path out = Path.of(parsed.required("--out"));
        ExperimentSpec spec;
        try {
            spec = ExperimentValidation.read(file, registry);
        } catch (InvalidExperimentException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
        return runs.run(parsed.has("--reduce") ? spec.reduced() : spec, out, parsed.has("--resume"), name(), arguments,
                Optional.of(file), console);
    }
}

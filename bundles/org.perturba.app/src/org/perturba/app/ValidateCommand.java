package org.perturba.app;

import java.nio.file.Path;
import java.util.List;

import org.perturba.core.registry.ContributionRegistry;
import org.perturba.experiment.run.ExperimentValidation;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.InvalidExperimentException;

/**
 * {@code perturba validate EXPERIMENT.json}: checks an experiment file exactly as {@code run} does
 * (schema, installed plug-ins, parameters, sweep size) without running or creating anything.
 */
final class ValidateCommand implements Command {
    private final ContributionRegistry registry;

    ValidateCommand(ContributionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "validate";
    }

    @Override
    public String synopsis() {
        return "EXPERIMENT.json";
    }

    @Override
    public String summary() {
        return "check an experiment file as 'run' does, without running it; print what would run";
    }

    @Override
    public int run(List<String> arguments, Console console) throws UsageException, CommandFailedException {
        Path file = Path.of(Arguments.of(name()).operand("EXPERIMENT.json").parse(arguments).operand(0));
        ExperimentSpec spec;
        try {
            spec = ExperimentValidation.read(file, registry);
        } catch (InvalidExperimentException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
        console.out().println(file + ": valid: " + ExperimentValidation.summary(spec));
        return CommandLineInterface.EXIT_OK;
    }
}

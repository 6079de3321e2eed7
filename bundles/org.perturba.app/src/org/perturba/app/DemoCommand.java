package org.perturba.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.perturba.experiment.spec.DemoExperiment;

/**
 * {@code perturba demo [--out DIR] [--seed S] [--quick] [--resume]}: the paper's study on the embedded
 * default data, with no other input.
 */
final class DemoCommand implements Command {
    static final String DEFAULT_OUT = "perturba-demo";

    private final ExperimentRuns runs;

    DemoCommand(ExperimentRuns runs) {
        this.runs = runs;
    }

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String synopsis() {
        return "[--out DIR] [--seed S] [--quick] [--resume]";
    }

    @Override
    public String summary() {
        return "run the paper's study on a generated cohort (about 9 min on 2 cores; --quick: a smaller one, about 1.5 min)";
    }

    @Override
    public int run(List<String> arguments, Console console) throws UsageException, CommandFailedException {
        Arguments.Parsed parsed = Arguments.of(name()).option("--out").option("--seed").flag("--quick").flag("--resume")
                .parse(arguments);
        long seed = parsed.longValue("--seed", DemoExperiment.DEFAULT_SEED, 0, Long.MAX_VALUE);
        Path out = Path.of(parsed.value("--out").orElse(DEFAULT_OUT));
        return runs.run(DemoExperiment.spec(parsed.has("--quick"), seed), out, parsed.has("--resume"), name(), arguments,
                Optional.empty(), console);
    }
}

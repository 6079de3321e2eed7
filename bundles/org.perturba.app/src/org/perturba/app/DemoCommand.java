package org.perturba.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.perturba.anatomy.cohort.CohortGrid;
import org.perturba.experiment.spec.DemoExperiment;
import org.perturba.experiment.spec.DemoExperiment.Scale;
import org.perturba.experiment.spec.ExperimentSpecReader;
import org.perturba.experiment.spec.GridRequest;

/**
 * {@code perturba demo [--scale default|paper] [--grid G] [--out DIR] [--seed S | --seeds S1,S2,...] [--quick] [--resume]}:
 * the paper's study on the embedded default data, with no other input; {@code --scale paper} runs it on 2 mm voxels.
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
        return "[--scale default|paper] [--grid N|NxNxN|Xmm] [--out DIR] [--seed S | --seeds S1,S2,...] [--quick] [--resume]";
    }

    @Override
    public String summary() {
        return "run the paper's study on a generated cohort: at 32³ about 9 min on 2 cores (--quick: about 2 min), with --scale"
                + " paper at 2 mm about an hour (--quick: about 5 min); --grid puts the cohort on another grid, e.g. 1mm on a GPU";
    }

    @Override
    public int run(List<String> arguments, Console console) throws UsageException, CommandFailedException {
        Arguments.Parsed parsed = Arguments.of(name()).option("--scale").option("--grid").option("--out").option("--seed")
                .option("--seeds").flag("--quick").flag("--resume").parse(arguments);
        List<Long> seeds = seeds(parsed);
        Scale scale = scale(parsed);
        CohortGrid grid = ModelGrid.option(parsed).map(GridRequest::forCohort).orElseGet(scale::grid);
        Path out = Path.of(parsed.value("--out").orElse(DEFAULT_OUT));
        return runs.run(DemoExperiment.spec(scale, parsed.has("--quick"), seeds, grid), out, parsed.has("--resume"), name(), arguments,
                Optional.empty(), console);
    }

    private static Scale scale(Arguments.Parsed parsed) throws UsageException {
        String scale = parsed.value("--scale").orElse("default");
        return switch (scale) {
            case "default" -> Scale.DEFAULT;
            case "paper" -> Scale.PAPER;
            default -> throw new UsageException("option '--scale' must be default or paper, not '" + scale + "'");
        };
    }

    /** {@code --seeds 1,2,3} (distinct, at most {@link ExperimentSpecReader#MAX_SEEDS}), or the one {@code --seed}. */
    private List<Long> seeds(Arguments.Parsed parsed) throws UsageException {
        Optional<String> list = parsed.value("--seeds");
        if (list.isEmpty()) {
            return List.of(parsed.longValue("--seed", DemoExperiment.DEFAULT_SEED, 0, Long.MAX_VALUE));
        }
        if (parsed.value("--seed").isPresent()) {
            throw new UsageException("give --seed or --seeds, not both");
        }
        List<Long> seeds = new ArrayList<>();
        for (String text : list.get().split(",", -1)) {
            try {
                long seed = Long.parseLong(text.strip());
                if (seed < 0 || seeds.contains(seed)) {
                    throw new NumberFormatException();
                }
                seeds.add(seed);
            } catch (NumberFormatException e) {
                throw new UsageException("--seeds needs distinct whole numbers >= 0 separated by commas, e.g. 1,2,3, not '"
                        + list.get() + "'");
            }
        }
        if (seeds.size() > ExperimentSpecReader.MAX_SEEDS) {
            throw new UsageException("--seeds takes at most " + ExperimentSpecReader.MAX_SEEDS + " seeds, not " + seeds.size());
        }
        return seeds;
    }
}

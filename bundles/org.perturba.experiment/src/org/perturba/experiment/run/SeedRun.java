package org.perturba.experiment.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.perturba.experiment.output.Summary;
import org.perturba.model.ModelMetadata;
import org.perturba.model.training.Evaluation;

/**
 * What one seed's run left for the aggregation over seeds: its summary as written, and the
 * per-subject numbers the intervals resample (its models' test predictions, its cells).
 *
 * @param models each model's metadata, in the experiment's order
 * @param tests each model's test evaluation
 */
record SeedRun(long seed, Summary summary, Map<String, ModelMetadata> models, Map<String, Evaluation> tests, List<CellResult> cells) {
    private static final String SEEDS_FOLDER = "seeds";

    /** The folder of a seed's run inside a run with several seeds, relative to the run's folder. */
    static String folder(long seed) {
        return SEEDS_FOLDER + "/seed-" + seed;
    }

    /**
     * An attack run's parameters as they identify it across seeds: without {@code seed}, which an
     * attack takes from the experiment's seed unless given, so that it differs from seed to seed.
     */
    static Map<String, String> acrossSeeds(Map<String, String> parameters) {
        Map<String, String> shared = new TreeMap<>(parameters);
        shared.remove(Contributions.SEED);
        return shared;
    }

    /** This seed's results as those of the whole run, for a run with this seed alone. */
    RunResult result(Path out) {
        return new RunResult(out, models.entrySet().stream().map(model -> new ModelResult(model.getKey(), model.getValue().kind(),
                tests.get(model.getKey()).mae())).toList(), cells, summary.findings(), summary.failures());
    }
}

package org.perturba.experiment.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.perturba.anatomy.dataset.BidsDataset;
import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.experiment.output.GridSummary;
import org.perturba.experiment.output.FindingSummary;
import org.perturba.experiment.output.Summary;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.InvalidExperimentException;
import org.perturba.experiment.stats.Bootstrap;
import org.perturba.model.ModelMetadata;
import org.perturba.model.training.Evaluation;

/**
 * Runs an experiment from start to report: data, models, the attack sweep, then {@code summary.json},
 * the CSV files, figures, {@code report.html} and {@code provenance.json}. Every intermediate result
 * is stored as soon as it exists, so an interrupted run resumed with the same experiment finishes
 * with the same summary as an uninterrupted one. A contribution that throws while it is created or
 * run is recorded ({@code failures} in {@code summary.json}) and reported through the progress, and
 * the run goes on without it and without what depended on it; the findings come from what succeeded.
 * A resumed run must be of the experiment the folder was started with, and no two runs share a folder.
 * An experiment with several seeds runs once per seed, each in its own folder {@code seeds/seed-N/}
 * laid out as a one-seed run, on the same data; the top folder then holds what aggregates them
 * ({@link SeedAggregation}).
 */
public final class ExperimentRunner {
    private final Contributions contributions;
    private final ExperimentProgress progress;

    public ExperimentRunner(ContributionRegistry registry, ExperimentProgress progress) {
        this.contributions = new Contributions(registry);
        this.progress = progress;
    }

    /**
     * @param out the run folder: absent or empty, or the folder of an interrupted run of the same experiment when {@code resume}
     */
    public RunResult run(ExperimentSpec spec, Path out, boolean resume, Invocation invocation)
            throws InvalidExperimentException, IOException, DatasetException {
        Instant started = Instant.now();
        contributions.validate(spec);
        try (RunDirectory run = RunDirectory.open(out, resume, RunRecord.of(spec, contributions, invocation.perturbaVersion()))) {
            BidsDataset dataset = ExperimentData.dataset(spec, run, progress);
            if (spec.seeds().size() == 1) {
                return runSeed(spec, run, dataset, progress, invocation, started, resume).result(out);
            }
            List<SeedRun> seeds = new ArrayList<>();
            for (int i = 0; i < spec.seeds().size(); i++) {
                long seed = spec.seeds().get(i);
                seeds.add(runSeed(spec.forSeed(seed), run.within(SeedRun.folder(seed)), dataset,
                        new SeedProgress(progress, i + 1, spec.seeds().size()), invocation, started, resume));
            }
            progress.stage("aggregating " + seeds.size() + " seeds", 1);
            RunResult result = new SeedAggregation(run, spec, seeds).write(invocation, dataset.root(), started, resume);
            progress.advance(1);
            return result;
        }
    }

    /** A whole run with one seed, in {@code run}: everything but the dataset, which the seeds share. */
    private SeedRun runSeed(ExperimentSpec spec, RunDirectory run, BidsDataset dataset, ExperimentProgress progress, Invocation invocation,
            Instant started, boolean resume) throws InvalidExperimentException, IOException, DatasetException {
        ContextExtractors extractors = new ContextExtractors(contributions);
        ExperimentData data = ExperimentData.split(spec, dataset, extractors);
        Failures failures = new Failures(progress);
        AttackStage attacks = new AttackStage(contributions, extractors, run, data, progress, failures);
        List<TrainedSegmenter> segmenters = new SegmenterStage(run, progress).segmenters(spec, data, extractors);
        List<TrainedModel> models = new ModelStage(contributions, extractors, run, progress, failures).models(spec, data, segmenters);
        List<CellResult> measured = attacks.run(spec, models);
        List<CellResult> cells = UniversalFitCurve.sweep(measured);
        Map<String, ModelMetadata> metadata = new LinkedHashMap<>();
        Map<String, Evaluation> tests = new LinkedHashMap<>();
        models.forEach(model -> {
            metadata.put(model.id(), model.model().metadata());
            tests.put(model.id(), model.test());
        });
        List<FindingSummary> findings = PaperFindings.check(metadata, List.of(cells), Bootstrap.forSeed(spec.seed()));
        Map<String, GradientNorms> gradients = new GradientStage(run, progress, failures).norms(models, spec.attackedSubjects());
        Diagnostics diagnostics = Diagnostics.of(cells, gradients, attacks::kind, UniversalFitCurve.points(measured));
        progress.stage("writing the report", 1);
        GridSummary grid = GridSummary.of(data.gridTemplate());
        Summary summary = SummaryFiles.write(run, spec, data.subjects(), grid, models, segmenters, cells, findings, failures.list(),
                diagnostics);
        Provenance.write(run, spec, invocation, data.root(), segmenters, models, contributions, started, resume);
        new ReportFiles(run).write(spec, grid, segmenters, models, cells, findings, failures.list(), diagnostics, "Perturba "
                + invocation.perturbaVersion() + " · seed " + spec.seed() + " · started " + started + " · see provenance.json");
        progress.advance(1);
        return new SeedRun(spec.seed(), summary, metadata, tests, cells);
    }
}

package org.perturba.experiment.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.experiment.output.FindingSummary;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.InvalidExperimentException;
import org.perturba.experiment.stats.Bootstrap;

/**
 * Runs an experiment from start to report: data, models, the attack sweep, then {@code summary.json},
 * the CSV files, figures, {@code report.html} and {@code provenance.json}. Every intermediate result
 * is stored as soon as it exists, so an interrupted run resumed with the same experiment finishes
 * with the same summary as an uninterrupted one. A contribution that throws while it is created or
 * run is recorded ({@code failures} in {@code summary.json}) and reported through the progress, and
 * the run goes on without it and without what depended on it; the findings come from what succeeded.
 * A resumed run must be of the experiment the folder was started with, and no two runs share a folder.
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
            ContextExtractors extractors = new ContextExtractors(contributions);
            ExperimentData data = ExperimentData.open(spec, run, extractors, progress);
            Failures failures = new Failures(progress);
            AttackStage attacks = new AttackStage(contributions, extractors, run, data, progress, failures);
            List<TrainedSegmenter> segmenters = new SegmenterStage(run, progress).segmenters(spec, data, extractors);
            List<TrainedModel> models = new ModelStage(contributions, extractors, run, progress, failures).models(spec, data, segmenters);
            List<CellResult> cells = attacks.run(spec, models);
            List<FindingSummary> findings = PaperFindings.check(models, cells, Bootstrap.forSeed(spec.seed()));
            progress.stage("writing the report", 1);
            SummaryFiles.write(run, spec, data.subjects(), models, segmenters, cells, findings, failures.list());
            Provenance.write(run, spec, invocation, data.root(), segmenters, models, contributions, started, resume);
            new ReportFiles(run).write(spec, segmenters, models, cells, findings, failures.list(), "Perturba " + invocation.perturbaVersion()
                    + " · seed " + spec.seed() + " · started " + started + " · see provenance.json");
            progress.advance(1);
            return new RunResult(out, models.stream().map(model -> new ModelResult(model.id(), model.kind(), model.test().mae())).toList(),
                    cells, findings, failures.list());
        }
    }
}

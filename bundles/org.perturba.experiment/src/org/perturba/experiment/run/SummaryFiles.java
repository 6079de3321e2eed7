package org.perturba.experiment.run;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.perturba.core.registry.ContextSource;
import org.perturba.experiment.output.GridSummary;
import org.perturba.experiment.output.AttackSummary;
import org.perturba.experiment.output.AttackedSubject;
import org.perturba.experiment.output.CsvTable;
import org.perturba.experiment.output.FindingSummary;
import org.perturba.experiment.output.FitCurvePoint;
import org.perturba.experiment.output.ModelSummary;
import org.perturba.experiment.output.Prediction;
import org.perturba.experiment.output.SegmenterSummary;
import org.perturba.experiment.output.Summary;
import org.perturba.experiment.output.SummaryJson;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.stats.Bootstrap;
import org.perturba.model.ModelMetadata;
import org.perturba.model.training.Evaluation;
import org.perturba.segmentation.SegmenterEvaluation;

/**
 * The machine-readable results of a run: {@code summary.json} (one entry per model and per attack
 * run, one per contribution failure), {@code predictions.csv} (every test subject's age per model) and {@code attacks.csv} (every
 * attacked subject in every attack run), each in the schema of {@code org.perturba.experiment.output}
 * that the workbench reads. An attack run carries its full parameters in the summary and their key
 * (as in its cell file's name) in {@code attacks.csv}, which tells apart two entries of one attack.
 * Nothing in them depends on the clock, so two runs with the same seed give identical files.
 */
final class SummaryFiles {
    static final String SUMMARY = "summary.json";
    static final String PREDICTIONS = "predictions.csv";
    static final String ATTACKS = "attacks.csv";
    private static final double SHIFT_OVER_YEARS = 5;
    static final int DECIMALS = 4;

    private SummaryFiles() {
    }

    static Summary write(RunDirectory run, ExperimentSpec spec, int subjects, GridSummary grid, List<TrainedModel> models,
            List<TrainedSegmenter> segmenters, List<CellResult> cells, List<FindingSummary> findings, List<ContributionFailure> failures,
            Diagnostics diagnostics) throws IOException {
        Bootstrap bootstrap = Bootstrap.forSeed(spec.seed());
        Summary summary = new Summary(spec.name(), spec.seed(), subjects, Optional.of(grid), spec.epsilons(),
                models.stream().map(model -> model(model, diagnostics, bootstrap)).toList(),
                segmenters.stream().map(SummaryFiles::segmenter).toList(),
                cells.stream().filter(cell -> cell.craftedOn().isEmpty()).map(cell -> cell(run, cell, diagnostics, bootstrap)).toList(),
                cells.stream().filter(cell -> cell.craftedOn().isPresent()).map(cell -> cell(run, cell, diagnostics, bootstrap)).toList(),
                failures, findings, diagnostics.fitCurve().stream().map(SummaryFiles::rounded).toList(), List.of(spec.seed()), List.of());
        run.write(SUMMARY, SummaryJson.write(summary));
        run.write(PREDICTIONS, predictions(models));
        run.write(ATTACKS, attackedSubjects(cells, diagnostics.masking()));
        return summary;
    }

    private static ModelSummary model(TrainedModel model, Diagnostics diagnostics, Bootstrap bootstrap) {
        ModelMetadata metadata = model.model().metadata();
        Evaluation test = model.test();
        Optional<GradientNorms> gradients = Optional.ofNullable(diagnostics.gradients().get(model.id()));
        return new ModelSummary(model.id(), metadata.kind(), metadata.context().map(ModelMetadata.ContextSpec::extractor),
                model.contextSource().map(ContextSource::label), model.segmenter(), test.subjects(), round(test.mae()), round(test.rmse()), round(test.pearson()), round(test.gapSlope()),
                gradients.map(norms -> round(norms.mean())).orElse(Double.NaN),
                gradients.map(norms -> rounded(norms.quantiles())).orElse(Map.of()),
                CellIntervals.meanAbsoluteError(test, bootstrap).rounded(DECIMALS));
    }

    private static SegmenterSummary segmenter(TrainedSegmenter segmenter) {
        SegmenterEvaluation test = segmenter.test();
        return new SegmenterSummary(segmenter.id(), segmenter.segmenter().metadata().scheme(), test.subjects(), round(test.diceMean()),
                rounded(test.dicePerRegion()), rounded(test.volumeCorrelation()));
    }

    private static Map<String, Double> rounded(Map<String, Double> values) {
        Map<String, Double> rounded = new LinkedHashMap<>();
        values.forEach((key, value) -> rounded.put(key, round(value)));
        return rounded;
    }

    private static AttackSummary cell(RunDirectory run, CellResult cell, Diagnostics diagnostics, Bootstrap bootstrap) {
        String file = CellFiles.name(cell);
        Optional<String> adversarial = Optional.of(AttackStage.exampleName(file)).filter(run::exists);
        Optional<String> clean = cell.subjects().stream().findFirst().map(first -> AttackStage.cleanExampleName(first.subject()))
                .filter(run::exists);
        return new AttackSummary(cell.model(), cell.craftedOn(), cell.attack(), cell.parameters(), cell.threatModel(), cell.epsilon(),
                cell.direction(), cell.error(), cell.subjects().size(), round(cell.meanShift()), round(cell.meanAbsoluteShift()),
                round(cell.fractionShiftedOver(SHIFT_OVER_YEARS)), round(cell.meanPsnrBrainDb()), round(cell.meanSsimBrain()),
                round(cell.meanPsnrVolumeDb()), round(cell.meanSsimVolume()), round(cell.meanEpsilonOverNoise()),
                round(cell.maxLInf()), adversarial, clean, diagnostics.masking().of(cell), cell.protocol(), cell.fitSubjects(),
                round(cell.alignment()), CellIntervals.meanAbsoluteShift(cell, bootstrap).rounded(DECIMALS),
                CellIntervals.fractionShiftedOver(cell, SHIFT_OVER_YEARS, bootstrap).rounded(DECIMALS));
    }

    private static FitCurvePoint rounded(FitCurvePoint point) {
        return new FitCurvePoint(point.model(), point.attack(), point.threatModel(), point.direction(), point.epsilon(), point.fitSubjects(),
                round(point.inSampleMeanAbsShiftYears()), round(point.heldOutMeanAbsShiftYears()), round(point.alignment()));
    }

    private static String predictions(List<TrainedModel> models) {
        CsvTable table = CsvTable.withColumns(Prediction.COLUMNS);
        for (TrainedModel model : models) {
            for (Evaluation.Prediction prediction : model.test().predictions()) {
                table.row(new Prediction(model.id(), prediction.id(), prediction.age(), prediction.predicted()).values());
            }
        }
        return table.text();
    }

    private static String attackedSubjects(List<CellResult> cells, GradientMaskingChecks masking) {
        CsvTable table = CsvTable.withColumns(AttackedSubject.COLUMNS);
        for (CellResult cell : cells) {
            for (SubjectOutcome outcome : cell.subjects()) {
                table.row(new AttackedSubject(cell.model(), cell.craftedOn(), cell.attack(), cell.threatModel(), cell.direction(),
                        cell.epsilon(), outcome.subject(), outcome.age(), outcome.cleanAge(), outcome.adversarialAge(), outcome.shift(),
                        outcome.lInf(), outcome.l2(), outcome.psnrBrainDb(), outcome.ssimBrain(), outcome.psnrVolumeDb(),
                        outcome.ssimVolume(), outcome.epsilonOverNoise(), CellFiles.key(cell.parameters()),
                        String.join(" ", masking.of(cell))).values());
            }
        }
        return table.text();
    }

    /** Four decimals are more than the data support and keep the summary readable; NaN stays NaN (null in the file). */
    static double round(double value) {
        double scale = Math.pow(10, DECIMALS);
        return Double.isFinite(value) ? Math.round(value * scale) / scale : Double.NaN;
    }
}

package org.perturba.experiment.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.perturba.experiment.json.Json;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.model.ModelMetadata;
import org.perturba.model.training.Evaluation;

/**
 * The machine-readable results of a run: {@code summary.json} (one entry per model and per attack
 * run, one per contribution failure), {@code predictions.csv} (every test subject's age per model) and {@code attacks.csv} (every
 * attacked subject in every attack run). An attack run carries its full parameters in the summary
 * and their key (as in its cell file's name) in {@code attacks.csv}, which tells apart two entries
 * of one attack. Nothing in them depends on the clock, so two runs with
 * the same seed give identical files.
 */
final class SummaryFiles {
    static final String SUMMARY = "summary.json";
    static final String PREDICTIONS = "predictions.csv";
    static final String ATTACKS = "attacks.csv";
    private static final double SHIFT_OVER_YEARS = 5;

    private SummaryFiles() {
    }

    static Map<String, Object> write(RunDirectory run, ExperimentSpec spec, int subjects, List<TrainedModel> models,
            List<CellResult> cells, List<Finding> findings, List<ContributionFailure> failures) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("experiment", spec.name());
        summary.put("seed", spec.seed());
        summary.put("subjects", subjects);
        summary.put("epsilons", spec.epsilons());
        summary.put("models", models.stream().map(SummaryFiles::model).toList());
        summary.put("attacks", cells.stream().filter(cell -> cell.craftedOn().isEmpty()).map(SummaryFiles::cell).toList());
        summary.put("transfers", cells.stream().filter(cell -> cell.craftedOn().isPresent()).map(SummaryFiles::cell).toList());
        summary.put("failures", failures.stream().map(SummaryFiles::failure).toList());
        summary.put("findings", findings.stream().map(SummaryFiles::finding).toList());
        run.write(SUMMARY, Json.writePretty(summary) + "\n");
        run.write(PREDICTIONS, predictions(models));
        run.write(ATTACKS, outcomes(cells));
        return summary;
    }

    private static Map<String, Object> model(TrainedModel model) {
        ModelMetadata metadata = model.model().metadata();
        Evaluation test = model.test();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", model.id());
        entry.put("kind", metadata.kind());
        entry.put("context", metadata.context().map(ModelMetadata.ContextSpec::extractor).orElse(null));
        entry.put("testSubjects", test.subjects());
        entry.put("maeYears", round(test.mae()));
        entry.put("rmseYears", round(test.rmse()));
        entry.put("pearsonR", round(test.pearson()));
        entry.put("gapSlope", round(test.gapSlope()));
        return entry;
    }

    private static Map<String, Object> cell(CellResult cell) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("model", cell.model());
        cell.craftedOn().ifPresent(source -> entry.put("craftedOn", source));
        entry.put("attack", cell.attack());
        entry.put("parameters", cell.parameters());
        entry.put("threatModel", cell.threatModel());
        entry.put("epsilon", cell.epsilon());
        entry.put("direction", cell.direction());
        if (cell.failed()) {
            entry.put("error", cell.error().get());
            return entry;
        }
        entry.put("subjects", cell.subjects().size());
        entry.put("example", AttackStage.exampleName(CellFiles.name(cell)));
        entry.put("meanShiftYears", round(cell.meanShift()));
        entry.put("meanAbsShiftYears", round(cell.meanAbsoluteShift()));
        entry.put("fractionShiftedOver5Years", round(cell.fractionShiftedOver(SHIFT_OVER_YEARS)));
        entry.put("psnrDb", round(cell.meanPsnrDb()));
        entry.put("ssim", round(cell.meanSsim()));
        entry.put("maxLInf", round(cell.maxLInf()));
        return entry;
    }

    private static Map<String, Object> failure(ContributionFailure failure) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("kind", failure.kind().name().toLowerCase(Locale.ROOT));
        entry.put("contribution", failure.contribution());
        entry.put("stage", failure.stage());
        entry.put("model", failure.model().orElse(null));
        entry.put("message", failure.message());
        return entry;
    }

    private static Map<String, Object> finding(Finding finding) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", finding.id());
        entry.put("claim", finding.claim());
        entry.put("reproduced", finding.reproduced().orElse(null));
        entry.put("evidence", finding.evidence());
        return entry;
    }

    private static String predictions(List<TrainedModel> models) {
        StringBuilder csv = new StringBuilder("model,subject,age,predicted_age\n");
        for (TrainedModel model : models) {
            for (Evaluation.Prediction prediction : model.test().predictions()) {
                csv.append(String.format(Locale.ROOT, "%s,%s,%.4f,%.4f%n", model.id(), prediction.id(), prediction.age(),
                        prediction.predicted()));
            }
        }
        return csv.toString();
    }

    private static String outcomes(List<CellResult> cells) {
        StringBuilder csv = new StringBuilder(
                "model,crafted_on,attack,threat_model,direction,epsilon,subject,age,clean_age,adversarial_age,shift,l_inf,l2,psnr_db,ssim,"
                        + "parameters_key\n");
        for (CellResult cell : cells) {
            for (SubjectOutcome outcome : cell.subjects()) {
                csv.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%s,%s,%.4f,%.4f,%.4f,%.4f,%.6f,%.6f,%.3f,%.6f,%s%n", cell.model(),
                        cell.craftedOn().orElse(""), cell.attack(), cell.threatModel(), cell.direction(), cell.epsilon(),
                        outcome.subject(), outcome.age(), outcome.cleanAge(), outcome.adversarialAge(), outcome.shift(),
                        outcome.lInf(), outcome.l2(), outcome.psnrDb(), outcome.ssim(), CellFiles.key(cell.parameters())));
            }
        }
        return csv.toString();
    }

    /** Four decimals are more than the data support and keep the summary readable; NaN becomes null. */
    private static Double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 1e4) / 1e4 : null;
    }
}

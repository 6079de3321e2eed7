package org.perturba.experiment.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.perturba.report.HtmlReport;
import org.perturba.report.chart.ScatterChart;

/**
 * The report's "Why a model is easy or hard to move": each model's input-gradient norms inside the
 * brain (the first-order reach of an L-infinity budget is epsilon times them), and how closely FGSM,
 * which takes exactly that first-order step, realised the prediction.
 */
final class GradientSection {
    static final String HEADING = "Why a model is easy or hard to move";

    private GradientSection() {
    }

    static void write(HtmlReport report, Diagnostics diagnostics) {
        if (diagnostics.gradients().isEmpty()) {
            return;
        }
        report.heading(HEADING);
        report.paragraph("||d age / d image||_1 inside the brain mask at each attacked subject's clean image (context fixed), in"
                + " years per unit of normalised intensity: to first order an L-infinity perturbation of budget epsilon moves the"
                + " age by at most epsilon times it, so a model with smaller gradients is harder to move.");
        List<String> header = new ArrayList<>(List.of("model", "subjects", "mean"));
        header.addAll(GradientNorms.QUANTILES.keySet());
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, GradientNorms> model : diagnostics.gradients().entrySet()) {
            List<String> row = new ArrayList<>(List.of(model.getKey(), Integer.toString(model.getValue().l1BySubject().size()),
                    format(model.getValue().mean(), 1)));
            model.getValue().quantiles().values().forEach(value -> row.add(format(value, 1)));
            rows.add(row);
        }
        report.table(header, rows);
        if (diagnostics.fgsm().isEmpty()) {
            return;
        }
        report.paragraph("FGSM against its first-order prediction epsilon·||grad||_1, per FGSM run: the ratio of the mean actual"
                + " |shift| to the mean prediction (1: the model is linear over the budget; below 1: it bends, or clamping to [0, 1]"
                + " cancels part of the step) and Pearson's r over the subjects (whether the steepest subjects moved most).");
        report.table(List.of("model", "direction", "epsilon", "subjects", "predicted (years)", "actual |shift| (years)", "ratio", "r"),
                diagnostics.fgsm().stream().map(fgsm -> List.of(fgsm.cell().model(), fgsm.cell().direction(),
                        Double.toString(fgsm.cell().epsilon()), Integer.toString(fgsm.subjects()), format(fgsm.meanPredicted(), 2),
                        format(fgsm.meanActual(), 2), format(fgsm.ratio(), 2), format(fgsm.pearsonR(), 2))).toList());
    }

    /** Actual against predicted FGSM shift per subject, a series per FGSM run; empty without FGSM runs. */
    static Optional<ScatterChart> chart(Diagnostics diagnostics) {
        if (diagnostics.fgsm().isEmpty()) {
            return Optional.empty();
        }
        ScatterChart chart = new ScatterChart("FGSM: actual against first-order shift", "epsilon·||grad||_1 (years)",
                "actual |shift| (years)").identityLine(true);
        for (FgsmPrediction fgsm : diagnostics.fgsm()) {
            GradientNorms norms = diagnostics.gradients().get(fgsm.cell().model());
            List<SubjectOutcome> measured = fgsm.cell().subjects().stream()
                    .filter(outcome -> norms.l1BySubject().containsKey(outcome.subject())).toList();
            chart.series(fgsm.cell().model() + " " + fgsm.cell().direction() + " ε " + fgsm.cell().epsilon(),
                    measured.stream().mapToDouble(outcome -> fgsm.cell().epsilon() * norms.l1BySubject().get(outcome.subject())).toArray(),
                    measured.stream().mapToDouble(outcome -> Math.abs(outcome.shift())).toArray());
        }
        return Optional.of(chart);
    }

    private static String format(double value, int decimals) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + decimals + "f", value) : "–";
    }
}

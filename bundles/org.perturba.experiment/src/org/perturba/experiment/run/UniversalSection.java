package org.perturba.experiment.run;

import java.util.List;
import java.util.Locale;

import org.perturba.experiment.output.FitCurvePoint;
import org.perturba.report.HtmlReport;

/**
 * The report's "Universal perturbation against fit-set size": how the in-sample and held-out effect of
 * one shared perturbation change as it is fitted on more subjects, with the fit set's gradient alignment.
 */
final class UniversalSection {
    static final String HEADING = "Universal perturbation against fit-set size";

    private UniversalSection() {
    }

    static void write(HtmlReport report, List<FitCurvePoint> curve) {
        if (curve.isEmpty()) {
            return;
        }
        report.heading(HEADING);
        report.paragraph("One perturbation fitted on the first n validation subjects, measured on those n (in-sample, the paper's"
                + " protocol) and on the attacked test subjects (held-out). Alignment A = ||mean g||_1 / mean ||g||_1 of the fit"
                + " set's input gradients inside the brain: to first order a shared perturbation reaches at most A times what"
                + " per-image perturbations reach. A small fit set is easy to fit and generalises least.");
        report.table(List.of("model", "threat model", "direction", "epsilon", "fit subjects", "in-sample mean |shift|",
                "held-out mean |shift|", "alignment"), curve.stream().map(point -> List.of(point.model(), point.threatModel(),
                        point.direction(), Double.toString(point.epsilon()), Integer.toString(point.fitSubjects()),
                        format(point.inSampleMeanAbsShiftYears()), format(point.heldOutMeanAbsShiftYears()),
                        format(point.alignment()))).toList());
    }

    private static String format(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f", value) : "–";
    }
}

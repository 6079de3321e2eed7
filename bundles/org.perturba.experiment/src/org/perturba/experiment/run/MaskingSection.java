package org.perturba.experiment.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.perturba.report.HtmlReport;

/**
 * The report's "Gradient-masking checks": the flagged cells with their flags, or, when none was
 * flagged, that none was and what was compared, so that a clean result is visibly a checked one.
 */
final class MaskingSection {
    static final String HEADING = "Gradient-masking checks";

    private MaskingSection() {
    }

    static void write(HtmlReport report, List<CellResult> cells, GradientMaskingChecks masking) {
        report.heading(HEADING);
        String checked = String.format(Locale.ROOT, "Checked (Carlini et al. 2019): %s. A difference counts when it exceeds"
                + " %.0f %% of the reference shift or %.2f years, whichever is larger.", GradientMaskingChecks.CHECKED,
                100 * GradientMaskingChecks.TOLERANCE_FRACTION, GradientMaskingChecks.TOLERANCE_YEARS);
        List<List<String>> rows = new ArrayList<>();
        for (CellResult cell : cells) {
            if (!masking.of(cell).isEmpty()) {
                rows.add(List.of(cell.model(), cell.craftedOn().orElse("–"), cell.attack(), cell.threatModel(), cell.direction(),
                        Double.toString(cell.epsilon()), String.format(Locale.ROOT, "%.2f", cell.meanAbsoluteShift()),
                        String.join(", ", masking.of(cell))));
            }
        }
        if (rows.isEmpty()) {
            report.paragraph("No cell shows a sign of gradient masking. " + checked);
            return;
        }
        report.paragraph("These cells show a sign of gradient masking: the attack behind them (or the white-box attacks they"
                + " beat) may understate how far the model can be moved. " + checked);
        report.table(List.of("model", "crafted on", "attack", "threat model", "direction", "epsilon", "mean |shift|", "flags"), rows);
    }
}

package org.perturba.experiment.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.perturba.experiment.output.AttackSummary;
import org.perturba.experiment.output.SeedSummary;
import org.perturba.experiment.output.Summary;
import org.perturba.experiment.stats.Bootstrap;
import org.perturba.report.HtmlReport;

/**
 * {@code report.html} of a run with several seeds: the findings judged on all seeds, then the
 * aggregated models and attack runs with their two-level intervals, and where each seed's own
 * report (with its figures) lies. Written from the aggregated summary, so the two cannot disagree.
 */
final class SeedReport {
    private final RunDirectory run;

    SeedReport(RunDirectory run) {
        this.run = run;
    }

    void write(Summary summary, String footer) throws IOException {
        HtmlReport report = new HtmlReport("Perturba: " + summary.experiment());
        report.paragraph("How far small perturbations of the image move the predicted brain age, for each model, attack and budget,"
                + " repeated with " + summary.seeds().size() + " seeds " + summary.seeds() + ": each seed draws its own split of the"
                + " data, trains its own models and runs its own attacks. Numbers are means over the seeds; brackets hold 95 %"
                + " intervals from a two-level bootstrap (" + Bootstrap.RESAMPLES + " resamples of the seeds, then of each drawn seed's"
                + " subjects), so they include the spread between seeds."
                + summary.grid().map(grid -> " The models read the images on a " + grid.describe() + " grid.").orElse(""));
        report.heading("Findings");
        report.paragraph(ReportFiles.THRESHOLDS);
        report.findings(summary.findings().stream().map(ReportFiles::verdict).toList());
        report.heading("Models (test split, mean over seeds)");
        report.table(List.of("model", "kind", "test subjects (all seeds)", "MAE (years) [95 % CI]", "RMSE", "r"),
                summary.models().stream().map(model -> List.of(model.id(), model.kind(), Integer.toString(model.testSubjects()),
                        format(model.maeYears(), 2) + " " + model.maeYearsCi95().format("%.2f"), format(model.rmseYears(), 2),
                        format(model.pearsonR(), 3))).toList());
        report.heading("Attacks (mean over seeds)");
        List<AttackSummary> rows = new ArrayList<>(summary.attacks());
        rows.addAll(summary.transfers());
        report.table(List.of("model", "crafted on", "attack", "threat model", "direction", "epsilon", "mean shift", "mean |shift|",
                "> 5 years", "PSNR brain (dB)", "SSIM brain", "ε/σ noise", "gradient-masking flags"),
                rows.stream().map(SeedReport::row).toList());
        if (!summary.failures().isEmpty()) {
            report.heading("Failed contributions");
            report.table(List.of("kind", "contribution", "while", "model", "message"), summary.failures().stream().map(failure -> List.of(
                    failure.kind().name().toLowerCase(Locale.ROOT), failure.contribution(), failure.stage(), failure.model().orElse("–"),
                    failure.message())).toList());
        }
        report.heading("Each seed");
        for (SeedSummary seed : summary.perSeed()) {
            report.paragraph("Seed " + seed.seed() + ": " + SeedRun.folder(seed.seed()) + "/report.html, with its figures; findings: "
                    + String.join(", ", seed.findings().stream().map(finding -> finding.id() + " " + finding.verdict().id()).toList()));
        }
        report.footer(footer);
        report.write(run.resolve(ReportFiles.REPORT));
    }

    private static List<String> row(AttackSummary cell) {
        if (cell.failed()) {
            return List.of(cell.model(), cell.craftedOn().orElse("–"), cell.attack(), cell.threatModel(), cell.direction(),
                    Double.toString(cell.epsilon()), "failed: " + cell.error().get(), "", "", "", "", "", "");
        }
        return List.of(cell.model(), cell.craftedOn().orElse("–"), cell.attack(),
                cell.threatModel() + cell.protocol().map(protocol -> " (" + protocol + ")").orElse(""), cell.direction(),
                Double.toString(cell.epsilon()), format(cell.meanShiftYears(), 2),
                format(cell.meanAbsShiftYears(), 2) + " " + cell.meanAbsShiftYearsCi95().format("%.2f"),
                String.format(Locale.ROOT, "%.0f %% ", 100 * cell.fractionShiftedOver5Years()) + cell.fractionShiftedOver5YearsCi95()
                        .format("%.2f"), format(cell.psnrBrainDb(), 1), format(cell.ssimBrain(), 4), format(cell.epsilonOverNoise(), 2),
                cell.flags().isEmpty() ? "none" : String.join(", ", cell.flags()));
    }

    private static String format(double value, int decimals) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + decimals + "f", value) : "–";
    }
}

package org.perturba.experiment.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.perturba.core.registry.ContextSource;
import org.perturba.experiment.output.GridSummary;
import org.perturba.experiment.output.AttackSummary;
import org.perturba.experiment.output.FindingSummary;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.stats.Bootstrap;
import org.perturba.imaging.Volume;
import org.perturba.imaging.nifti.NiftiReader;
import org.perturba.model.training.Evaluation;
import org.perturba.report.HtmlReport;
import org.perturba.report.chart.Chart;
import org.perturba.report.chart.LineChart;
import org.perturba.report.chart.ScatterChart;
import org.perturba.report.slice.SliceFigure;
import org.perturba.segmentation.SegmenterEvaluation;

/**
 * The human-readable results of a run: figures in {@code figures/} (PNG, with SVG beside) and
 * {@code report.html} that shows them with the tables and the verdict on each finding.
 */
final class ReportFiles {
    static final String REPORT = "report.html";
    static final String FIGURES = "figures";
    private static final int WIDTH = 720;
    private static final int HEIGHT = 460;
    private static final double EXAMPLE_MAGNIFICATION = 50;
    /** Why the verdicts are three-way and whose thresholds they use (docs/study.md gives the reasons in full). */
    static final String THRESHOLDS = "The paper's claims are qualitative; the thresholds below (a mean shift of 10 years,"
            + " a PSNR of 40 dB, 80 % of held-out subjects moved by more than 5 years, a hybrid/conventional ratio of 0.5) are this"
            + " project's own operationalisation of them: 10 years is about twice a good model's error and the size of age gaps"
            + " reported in disease, 40 dB is the usual floor of visually imperceptible noise, 80 % means most subjects, and 0.5 means"
            + " the hybrid at least halves the shift. A claim is reproduced only when its bootstrap 95 % interval (over subjects, and"
            + " seeds when several) clears the threshold, not reproduced when the interval clears it the other way, and inconclusive"
            + " otherwise.";

    private final RunDirectory run;
    private final List<Figure> figures = new ArrayList<>();

    /** A figure of the report: its path without extension (PNG and SVG exist) and its caption. */
    private record Figure(String path, String caption) {
    }

    ReportFiles(RunDirectory run) {
        this.run = run;
    }

    void write(ExperimentSpec spec, GridSummary grid, List<TrainedSegmenter> segmenters, List<TrainedModel> models, List<CellResult> cells,
            List<FindingSummary> findings, List<ContributionFailure> failures, Diagnostics diagnostics, String provenance)
            throws IOException {
        predictedVersusTrue(models);
        shiftVersusEpsilon(spec, cells);
        universalEffect(cells);
        exampleSlices(cells);
        Optional<ScatterChart> fgsm = GradientSection.chart(diagnostics);
        if (fgsm.isPresent()) {
            save("fgsm-first-order", "Each attacked subject's |shift| under FGSM against epsilon times its input-gradient norm"
                    + " inside the brain; the line is y = x (a linear model).", fgsm.get());
        }
        HtmlReport report = new HtmlReport("Perturba: " + spec.name());
        report.paragraph("How far small perturbations of the image move the predicted brain age, for each model, attack and"
                + " budget (epsilon, a fraction of the normalised intensity range). Shifts are measured on held-out test subjects."
                + " The models read the images on a " + grid.describe() + " grid.");
        report.heading("Findings");
        report.paragraph(THRESHOLDS);
        report.findings(findings.stream().map(ReportFiles::verdict).toList());
        report.heading("Models (test split)");
        Bootstrap bootstrap = Bootstrap.forSeed(spec.seed());
        report.table(List.of("model", "kind", "context", "context source", "subjects", "MAE (years) [95 % CI]", "RMSE", "r"),
                models.stream().map(model -> List.of(model.id(), model.kind(),
                        model.model().metadata().context().map(context -> context.extractor() + model.segmenter().map(id -> " via " + id)
                                .orElse("")).orElse("–"),
                        model.contextSource().map(ContextSource::label).orElse("–"), Integer.toString(model.test().subjects()),
                        format(model.test().mae(), 2) + " " + CellIntervals.meanAbsoluteError(model.test(), bootstrap).format("%.2f"),
                        format(model.test().rmse(), 2), format(model.test().pearson(), 3))).toList());
        if (!segmenters.isEmpty()) {
            segmenters(segmenters, report);
        }
        report.heading("Attacks");
        report.paragraph("PSNR and SSIM are measured inside each subject's brain mask, where a brain-only attack acts; the whole"
                + " volume's figures, inflated by the unchanged background, stand beside them. ε/σ is the budget over the clean"
                + " image's own noise deviation, estimated inside the brain (below 1: smaller than the noise already there)."
                + " Brackets hold bootstrap 95 % confidence intervals over the subjects (" + Bootstrap.RESAMPLES + " resamples).");
        report.table(List.of("model", "crafted on", "attack", "threat model", "direction", "epsilon", "mean shift", "mean |shift|",
                "> 5 years", "PSNR brain (dB)", "SSIM brain", "PSNR volume (dB)", "SSIM volume", "ε/σ noise"),
                cells.stream().map(cell -> row(cell, bootstrap)).toList());
        MaskingSection.write(report, cells, diagnostics.masking());
        GradientSection.write(report, diagnostics);
        UniversalSection.write(report, diagnostics.fitCurve());
        if (!failures.isEmpty()) { // what is missing above, and why
            report.heading("Failed contributions");
            report.table(List.of("kind", "contribution", "while", "model", "message"), failures.stream().map(failure -> List.of(
                    failure.kind().name().toLowerCase(Locale.ROOT), failure.contribution(), failure.stage(),
                    failure.model().orElse("–"), failure.message())).toList());
        }
        report.heading("Figures");
        for (Figure figure : figures) {
            report.figure(figure.path() + ".png", figure.path() + ".svg", figure.caption());
        }
        report.footer(provenance);
        report.write(run.resolve(REPORT));
    }

    /** Dice per region and how well soft volumes follow the true ones: how far an image-derived context can be trusted. */
    private static void segmenters(List<TrainedSegmenter> segmenters, HtmlReport report) {
        report.heading("Segmenters (test split)");
        report.paragraph("Dice overlap of each region's most probable voxels with the true label map, and Pearson's r of the soft"
                + " volume (what segmented-volumes measures) with the true volume, over the test subjects.");
        List<List<String>> rows = new ArrayList<>();
        for (TrainedSegmenter segmenter : segmenters) {
            SegmenterEvaluation test = segmenter.test();
            rows.add(List.of(segmenter.id(), "mean", Integer.toString(test.subjects()), format(test.diceMean(), 3), ""));
            test.dicePerRegion().forEach((region, dice) -> rows.add(List.of("", region, "", format(dice, 3),
                    format(test.volumeCorrelation().getOrDefault(region, Double.NaN), 3))));
        }
        report.table(List.of("segmenter", "region", "subjects", "Dice", "volume r"), rows);
    }

    static org.perturba.report.Finding verdict(FindingSummary finding) {
        String decided = finding.interval().defined() ? String.format(Locale.ROOT, " (decided by the 95 %% interval %s against %s)",
                finding.interval().format("%.2f"), finding.threshold()) : "";
        org.perturba.report.Finding.Status status = switch (finding.verdict()) {
            case REPRODUCED -> org.perturba.report.Finding.Status.REPRODUCED;
            case NOT_REPRODUCED -> org.perturba.report.Finding.Status.NOT_REPRODUCED;
            case INCONCLUSIVE -> org.perturba.report.Finding.Status.INCONCLUSIVE;
            case NOT_MEASURED -> org.perturba.report.Finding.Status.NOT_MEASURED;
        };
        return new org.perturba.report.Finding(finding.claim() + " — " + finding.evidence() + decided, status);
    }

    private static List<String> row(CellResult cell, Bootstrap bootstrap) {
        if (cell.failed()) {
            return List.of(cell.model(), cell.craftedOn().orElse("–"), cell.attack(), cell.threatModel(), cell.direction(),
                    Double.toString(cell.epsilon()), "failed: " + cell.error().get(), "", "", "", "", "", "", "");
        }
        return List.of(cell.model(), cell.craftedOn().orElse("–"), cell.attack(), cell.threatModel(), cell.direction(),
                Double.toString(cell.epsilon()), format(cell.meanShift(), 2),
                format(cell.meanAbsoluteShift(), 2) + " " + CellIntervals.meanAbsoluteShift(cell, bootstrap).format("%.2f"),
                String.format(Locale.ROOT, "%.0f %% ", 100 * cell.fractionShiftedOver(5))
                        + CellIntervals.fractionShiftedOver(cell, 5, bootstrap).format("%.2f"), format(cell.meanPsnrBrainDb(), 1),
                format(cell.meanSsimBrain(), 4), format(cell.meanPsnrVolumeDb(), 1), format(cell.meanSsimVolume(), 4),
                format(cell.meanEpsilonOverNoise(), 2));
    }

    private void predictedVersusTrue(List<TrainedModel> models) throws IOException {
        ScatterChart chart = new ScatterChart("Predicted vs true age (test split)", "true age (years)", "predicted age (years)")
                .identityLine(true);
        for (TrainedModel model : models) {
            List<Evaluation.Prediction> predictions = model.test().predictions();
            chart.series(model.id() + String.format(Locale.ROOT, " (MAE %.1f)", model.test().mae()),
                    predictions.stream().mapToDouble(Evaluation.Prediction::age).toArray(),
                    predictions.stream().mapToDouble(Evaluation.Prediction::predicted).toArray());
        }
        save("predicted-vs-true", "Each model's predicted against true age on the test split; the line is y = x.", chart);
    }

    /** One chart per attack: mean |shift| against epsilon, a line per model, direction and threat model. */
    private void shiftVersusEpsilon(ExperimentSpec spec, List<CellResult> cells) throws IOException {
        Map<String, Map<String, List<CellResult>>> byAttack = new LinkedHashMap<>();
        for (CellResult cell : cells) {
            if (!cell.failed()) {
                String line = cell.model() + cell.craftedOn().map(source -> " (from " + source + ")").orElse("") + " " + cell.direction()
                        + (AttackSummary.isPlain(cell.threatModel()) ? "" : " (" + cell.threatModel() + ")")
                        + cell.protocol().map(protocol -> " " + protocol).orElse("");
                String attack = cell.craftedOn().isPresent() ? "transfer-" + cell.attack() : cell.attack();
                byAttack.computeIfAbsent(attack, key -> new LinkedHashMap<>()).computeIfAbsent(line, key -> new ArrayList<>()).add(cell);
            }
        }
        boolean logX = spec.epsilons().stream().allMatch(epsilon -> epsilon > 0) && spec.epsilons().size() > 2;
        for (var attack : byAttack.entrySet()) {
            LineChart chart = new LineChart("Age shift under " + attack.getKey(), "epsilon", "mean |shift| (years)").logX(logX);
            for (var line : attack.getValue().entrySet()) {
                List<CellResult> points = line.getValue().stream().sorted(Comparator.comparingDouble(CellResult::epsilon)).toList();
                chart.series(line.getKey(), points.stream().mapToDouble(CellResult::epsilon).toArray(),
                        points.stream().mapToDouble(CellResult::meanAbsoluteShift).toArray());
            }
            save("shift-" + attack.getKey(), "Mean absolute change of the predicted age under " + attack.getKey()
                    + " against the budget epsilon, per model, direction and threat model.", chart);
        }
    }

    /** Clean against adversarial age of the held-out subjects, for the universal perturbation nearest epsilon 0.01. */
    private void universalEffect(List<CellResult> cells) throws IOException {
        List<CellResult> universal = cells.stream().filter(cell -> !cell.failed() && cell.threatModel().equals(CellResult.UNIVERSAL))
                .toList();
        Optional<Double> epsilon = universal.stream().map(CellResult::epsilon)
                .min(Comparator.comparingDouble(value -> Math.abs(value - PaperFindings.KEY_EPSILON)));
        if (epsilon.isEmpty()) {
            return;
        }
        ScatterChart chart = new ScatterChart("One universal perturbation, epsilon " + epsilon.get(), "clean predicted age (years)",
                "predicted age with the perturbation (years)").identityLine(true);
        for (CellResult cell : universal) {
            if (cell.epsilon() == epsilon.get()) {
                chart.series(cell.model() + " " + cell.direction() + cell.protocol().map(protocol -> " " + protocol).orElse(""), cell.subjects().stream().mapToDouble(SubjectOutcome::cleanAge).toArray(),
                        cell.subjects().stream().mapToDouble(SubjectOutcome::adversarialAge).toArray());
            }
        }
        save("universal-effect", "Subjects with one shared perturbation fitted on validation subjects, measured on those subjects"
                + " (in-sample) and on held-out test subjects: points off the line moved.", chart);
    }

    /** The first attacked subject under PGD (or the first attack run) nearest epsilon 0.01, for every model. */
    private void exampleSlices(List<CellResult> cells) throws IOException {
        Map<String, CellResult> perModel = new LinkedHashMap<>();
        for (CellResult cell : cells) {
            if (cell.failed() || cell.subjects().isEmpty() || cell.craftedOn().isPresent()) {
                continue;
            }
            CellResult chosen = perModel.get(cell.model());
            if (chosen == null || preference(cell) < preference(chosen)) {
                perModel.put(cell.model(), cell);
            }
        }
        NiftiReader reader = new NiftiReader();
        for (CellResult cell : perModel.values()) {
            String cellFile = CellFiles.name(cell);
            String subject = cell.subjects().get(0).subject();
            Volume clean = reader.readVolume(run.resolve(AttackStage.cleanExampleName(subject)));
            Volume adversarial = reader.readVolume(run.resolve(AttackStage.exampleName(cellFile)));
            String name = "example-" + cell.model();
            SliceFigure figure = SliceFigure.of(clean, adversarial).magnification(EXAMPLE_MAGNIFICATION);
            figure.writePng(run.resolve(FIGURES + "/" + name + ".png"));
            figure.writeSvg(run.resolve(FIGURES + "/" + name + ".svg"));
            figures.add(new Figure(FIGURES + "/" + name, String.format(Locale.ROOT,
                    "%s, subject %s: clean image, perturbation ×%.0f, adversarial image (%s %s, %s, epsilon %s; age %.1f → %.1f years).",
                    cell.model(), subject, EXAMPLE_MAGNIFICATION, cell.attack(), cell.direction(), cell.threatModel(), cell.epsilon(),
                    cell.subjects().get(0).cleanAge(), cell.subjects().get(0).adversarialAge())));
        }
    }

    /** Lower is better: PGD before other attacks, epsilon near 0.01, pushing up before down, image-only before other threat models. */
    private static double preference(CellResult cell) {
        return (cell.attack().equals("pgd-linf") ? 0 : 10) + Math.abs(Math.log(Math.max(cell.epsilon(), 1e-6) / PaperFindings.KEY_EPSILON))
                + (cell.direction().equals("up") ? 0 : 0.01) + (cell.threatModel().equals(CellResult.IMAGE_ONLY) ? 0 : 0.001);
    }

    private void save(String name, String caption, Chart<?> chart) throws IOException {
        chart.writePng(run.resolve(FIGURES + "/" + name + ".png"), WIDTH, HEIGHT);
        chart.writeSvg(run.resolve(FIGURES + "/" + name + ".svg"), WIDTH, HEIGHT);
        figures.add(new Figure(FIGURES + "/" + name, caption));
    }

    private static String format(double value, int decimals) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + decimals + "f", value) : "–";
    }
}

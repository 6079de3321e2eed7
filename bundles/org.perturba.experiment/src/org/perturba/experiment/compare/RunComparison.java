package org.perturba.experiment.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import org.perturba.experiment.output.AttackSummary;
import org.perturba.experiment.output.GridSummary;
import org.perturba.experiment.output.ModelSummary;
import org.perturba.experiment.output.Summary;
import org.perturba.experiment.run.CellResult;
import org.perturba.experiment.run.PaperFindings;
import org.perturba.experiment.stats.Interval;
import org.perturba.experiment.stats.Verdict;

/**
 * Several finished runs side by side, one row each, sorted by the number of voxels their models read
 * (runs without a recorded grid last): the same study on grids of growing resolution makes
 * resolution a variable. Each row holds the run's test MAE per model, the mean |shift| of
 * {@value PaperFindings#PGD} at one budget per model and threat model, the input-gradient norms, the
 * universal perturbation's fraction of subjects moved by more than 5 years under each protocol, and
 * the verdict on each finding. Every number and interval is the run's own, from its {@code summary.json}.
 *
 * @param epsilon the budget the attack columns are read at
 * @param runs one row per run, fewest voxels first
 */
public record RunComparison(double epsilon, List<RunRow> runs) {
    /** A universal perturbation measured on the subjects it was fitted on (the paper's protocol). */
    public static final String IN_SAMPLE = "in-sample";
    /** One measured on other subjects than those it was fitted on. */
    public static final String HELD_OUT = "held-out";
    /** Enough for the mean of a few numbers that {@code summary.json} rounds to 4 decimals. */
    private static final int DECIMALS = 6;

    public RunComparison {
        runs = List.copyOf(runs);
    }

    /** A run to compare: where it was read from, and its summary. */
    public record Run(String folder, Summary summary) {
    }

    /**
     * One run's row.
     *
     * @param grid the grid its models read; empty for a summary written before grids were recorded
     */
    public record RunRow(String folder, String experiment, Optional<GridSummary> grid, List<ModelRow> models, List<ShiftRow> pgdShifts,
            List<UniversalRow> universal, List<FindingRow> findings) {

        public RunRow {
            models = List.copyOf(models);
            pgdShifts = List.copyOf(pgdShifts);
            universal = List.copyOf(universal);
            findings = List.copyOf(findings);
        }

        /** {@code 96x112x96, 2 mm}, or {@code grid unknown}. */
        public String label() {
            return grid.map(GridSummary::describe).orElse("grid unknown");
        }

        /** Voxels per image, when the grid is known. */
        public OptionalLong voxels() {
            return grid.map(known -> OptionalLong.of(known.shape().stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b)))
                    .orElse(OptionalLong.empty());
        }
    }

    /** A model's test MAE and the distribution of {@code ||d age / d image||_1} over its attacked subjects. */
    public record ModelRow(String model, double maeYears, Interval maeYearsCi95, double gradientL1Mean, Map<String, Double> gradientL1Quantiles) {
    }

    /**
     * The mean |shift| of {@value PaperFindings#PGD} on one model under one threat model, averaged over
     * the directions run as the imperceptible-shift finding averages them: each subject is attacked in
     * every direction, so the mean over subjects of their mean over directions is the mean of the
     * directions' means. The interval averages the directions' interval ends: it is the interval of that
     * mean when up and down shifts move together, and wider than it otherwise (never narrower), since
     * the summary keeps no per-subject pairs to bootstrap.
     */
    public record ShiftRow(String model, String threatModel, List<String> directions, double meanAbsShiftYears, Interval meanAbsShiftYearsCi95) {

        public ShiftRow {
            directions = List.copyOf(directions);
        }
    }

    /** A universal perturbation's fraction of subjects moved by more than 5 years, under one protocol. */
    public record UniversalRow(String model, String threatModel, String direction, String protocol, double fractionShiftedOver5Years,
            Interval fractionShiftedOver5YearsCi95) {
    }

    /** A finding's verdict and the interval that decided it. */
    public record FindingRow(String id, Verdict verdict, Interval interval, double threshold) {
    }

    /**
     * @param runs at least two runs, each with attacks at {@code epsilon}
     * @throws IllegalArgumentException in one line, naming the run, when there are fewer than two or one lacks the budget
     */
    public static RunComparison of(List<Run> runs, double epsilon) {
        if (runs.size() < 2) {
            throw new IllegalArgumentException("comparing needs at least 2 runs, got " + runs.size());
        }
        List<RunRow> rows = new ArrayList<>();
        for (Run run : runs) {
            List<Double> epsilons = run.summary().epsilons();
            if (epsilons.stream().noneMatch(value -> PaperFindings.sameEpsilon(value, epsilon))) {
                throw new IllegalArgumentException(run.folder() + ": no attacks at epsilon " + epsilon + " (the run has "
                        + epsilons.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "); choose one with --epsilon");
            }
            rows.add(row(run, epsilon));
        }
        // stable: runs on the same grid, or without one, keep the order they were given in
        rows.sort(Comparator.comparingLong(row -> row.voxels().orElse(Long.MAX_VALUE)));
        return new RunComparison(epsilon, rows);
    }

    private static RunRow row(Run run, double epsilon) {
        Summary summary = run.summary();
        List<AttackSummary> atEpsilon = summary.attacks().stream()
                .filter(cell -> !cell.failed() && PaperFindings.sameEpsilon(cell.epsilon(), epsilon) && !PaperFindings.targeted(cell.parameters()))
                .toList();
        return new RunRow(run.folder(), summary.experiment(), summary.grid(), summary.models().stream().map(RunComparison::model).toList(),
                pgdShifts(atEpsilon), universal(atEpsilon), summary.findings().stream()
                        .map(finding -> new FindingRow(finding.id(), finding.verdict(), finding.interval(), finding.threshold())).toList());
    }

    private static ModelRow model(ModelSummary model) {
        return new ModelRow(model.id(), model.maeYears(), model.maeYearsCi95(), model.gradientL1Mean(), model.gradientL1Quantiles());
    }

    /** Per model and threat model, in the summary's order, the PGD cells that steer the age (universal ones apart). */
    private static List<ShiftRow> pgdShifts(List<AttackSummary> cells) {
        Map<List<String>, List<AttackSummary>> groups = new LinkedHashMap<>();
        cells.stream().filter(cell -> cell.attack().equals(PaperFindings.PGD) && !universal(cell))
                .forEach(cell -> groups.computeIfAbsent(List.of(cell.model(), cell.threatModel()), key -> new ArrayList<>()).add(cell));
        return groups.entrySet().stream().map(group -> {
            List<AttackSummary> directions = group.getValue();
            return new ShiftRow(group.getKey().get(0), group.getKey().get(1), directions.stream().map(AttackSummary::direction).toList(),
                    round(mean(directions.stream().mapToDouble(AttackSummary::meanAbsShiftYears).toArray())),
                    averageEnds(directions.stream().map(AttackSummary::meanAbsShiftYearsCi95).toList()).rounded(DECIMALS));
        }).toList();
    }

    private static List<UniversalRow> universal(List<AttackSummary> cells) {
        return cells.stream().filter(RunComparison::universal)
                .map(cell -> new UniversalRow(cell.model(), cell.threatModel(), cell.direction(),
                        PaperFindings.inSample(cell.protocol()) ? IN_SAMPLE : HELD_OUT, cell.fractionShiftedOver5Years(),
                        cell.fractionShiftedOver5YearsCi95()))
                .toList();
    }

    /** A universal perturbation's cell: fitted with the context fixed or through it ({@code universal-adaptive}). */
    private static boolean universal(AttackSummary cell) {
        return cell.threatModel().startsWith(CellResult.UNIVERSAL);
    }

    /** Averages of the summary's numbers to as many decimals as they can have, without the binary fractions' noise. */
    private static double round(double value) {
        double scale = Math.pow(10, DECIMALS);
        return Math.round(value * scale) / scale;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    /** Undefined when any direction's interval is. */
    private static Interval averageEnds(List<Interval> intervals) {
        if (!intervals.stream().allMatch(Interval::defined)) {
            return Interval.UNDEFINED;
        }
        return new Interval(mean(intervals.stream().mapToDouble(Interval::lo).toArray()),
                mean(intervals.stream().mapToDouble(Interval::hi).toArray()));
    }
}

package org.perturba.experiment.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collector;
import java.util.stream.Collectors;

import org.perturba.experiment.compare.RunComparison.RunRow;
import org.perturba.experiment.output.AttackSummary;
import org.perturba.experiment.run.CellResult;
import org.perturba.experiment.run.PaperFindings;

/**
 * A {@link RunComparison} as tables of text, one per quantity, each with one row per run (its grid and
 * voxel count first) and one column per model, threat model or finding that any run has; a run
 * without one shows {@value #MISSING}; where a run names a column twice (two entries of one attack) the
 * first is shown, as in the summary's order. The text and HTML forms print the same tables.
 */
public final class ComparisonTables {
    static final String MISSING = "–";
    private static final List<String> PROTOCOLS = List.of(RunComparison.IN_SAMPLE, RunComparison.HELD_OUT);

    private ComparisonTables() {
    }

    /** A titled table of formatted cells. */
    public record Table(String title, List<String> header, List<List<String>> rows) {

        public Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    public static List<Table> of(RunComparison comparison) {
        List<RunRow> runs = comparison.runs();
        String epsilon = String.valueOf(comparison.epsilon());
        List<Table> tables = new ArrayList<>();
        tables.add(table("Runs", runs, run -> cells("experiment", run.experiment(), "folder", run.folder())));
        tables.add(table("Test MAE (years) [95 % CI]", runs, run -> run.models().stream().collect(toCells(RunComparison.ModelRow::model,
                model -> number(model.maeYears(), 2) + " " + model.maeYearsCi95().format("%.2f")))));
        tables.add(table("Mean |shift| of " + PaperFindings.PGD + " at epsilon " + epsilon + ", averaged over directions (years)"
                + " [95 % CI, the directions' interval ends averaged]", runs, run -> run.pgdShifts().stream().collect(toCells(
                        shift -> AttackSummary.isPlain(shift.threatModel()) ? shift.model() : shift.model() + " · " + shift.threatModel(),
                        shift -> number(shift.meanAbsShiftYears(), 2) + " " + shift.meanAbsShiftYearsCi95().format("%.2f")))));
        tables.add(table("||d age / d image||_1 inside the brain over the attacked subjects: mean (quantiles)", runs,
                run -> run.models().stream().collect(toCells(RunComparison.ModelRow::model, model -> number(model.gradientL1Mean(), 1)
                        + quantiles(model.gradientL1Quantiles())))));
        tables.add(table("Universal perturbation at epsilon " + epsilon + ": fraction of subjects moved > 5 years [95 % CI],"
                + " in-sample / held-out", runs, ComparisonTables::universal));
        tables.add(table("Findings: verdict [95 % interval] (threshold)", runs, run -> run.findings().stream().collect(toCells(
                RunComparison.FindingRow::id, finding -> finding.verdict().id() + " " + finding.interval().format("%.2f")
                        + (Double.isFinite(finding.threshold()) ? " (" + number(finding.threshold(), 2) + ")" : "")))));
        return tables;
    }

    /** Per model, threat model and direction, both protocols in one cell: the paper's and the held-out figure side by side. */
    private static Map<String, String> universal(RunRow run) {
        Map<String, Map<String, String>> byColumn = new LinkedHashMap<>();
        for (RunComparison.UniversalRow cell : run.universal()) {
            String column = cell.model() + (cell.threatModel().equals(CellResult.UNIVERSAL) ? "" : " · " + cell.threatModel()) + " · "
                    + cell.direction();
            byColumn.computeIfAbsent(column, key -> new LinkedHashMap<>()).putIfAbsent(cell.protocol(),
                    percent(cell.fractionShiftedOver5Years()) + " " + cell.fractionShiftedOver5YearsCi95().format("%.2f"));
        }
        Map<String, String> cells = new LinkedHashMap<>();
        byColumn.forEach((column, protocols) -> cells.put(column, PROTOCOLS.stream().map(protocol -> protocols.getOrDefault(protocol, MISSING))
                .collect(Collectors.joining(" / "))));
        return cells;
    }

    /** One row per run: grid, voxels, then each column any run has, in the order the runs first name them. */
    private static Table table(String title, List<RunRow> runs, Function<RunRow, Map<String, String>> cellsOf) {
        List<Map<String, String>> cells = runs.stream().map(cellsOf).toList();
        Set<String> columns = new LinkedHashSet<>();
        cells.forEach(run -> columns.addAll(run.keySet()));
        List<String> header = new ArrayList<>(List.of("grid", "voxels"));
        header.addAll(columns);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            List<String> row = new ArrayList<>(List.of(runs.get(i).label(),
                    runs.get(i).voxels().isPresent() ? Long.toString(runs.get(i).voxels().getAsLong()) : MISSING));
            for (String column : columns) {
                row.add(cells.get(i).getOrDefault(column, MISSING));
            }
            rows.add(row);
        }
        return new Table(title, header, rows);
    }

    /** Cells by column, the first of a column named twice. */
    private static <T> Collector<T, ?, Map<String, String>> toCells(Function<T, String> column, Function<T, String> cell) {
        return Collectors.toMap(column, cell, (first, second) -> first, LinkedHashMap::new);
    }

    private static Map<String, String> cells(String... columnsAndCells) {
        Map<String, String> cells = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndCells.length; i += 2) {
            cells.put(columnsAndCells[i], columnsAndCells[i + 1]);
        }
        return cells;
    }

    private static String quantiles(Map<String, Double> quantiles) {
        return quantiles.isEmpty() ? "" : quantiles.entrySet().stream().map(entry -> entry.getKey() + " " + number(entry.getValue(), 1))
                .collect(Collectors.joining(", ", " (", ")"));
    }

    private static String number(double value, int decimals) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + decimals + "f", value) : MISSING;
    }

    private static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.0f %%", 100 * fraction) : MISSING;
    }
}

package org.perturba.experiment.compare;

import java.util.Arrays;
import java.util.List;

/** A {@link RunComparison} as plain text for a terminal: each table under its title, columns aligned. */
public final class ComparisonText {
    private static final String GAP = "  ";

    private ComparisonText() {
    }

    public static String of(RunComparison comparison) {
        StringBuilder text = new StringBuilder();
        for (ComparisonTables.Table table : ComparisonTables.of(comparison)) {
            int[] widths = new int[table.header().size()];
            table.rows().forEach(row -> widen(widths, row));
            widen(widths, table.header());
            text.append(text.length() == 0 ? "" : "\n").append(table.title()).append('\n');
            line(text, widths, table.header());
            text.append("-".repeat(Arrays.stream(widths).sum() + GAP.length() * (widths.length - 1))).append('\n');
            table.rows().forEach(row -> line(text, widths, row));
        }
        return text.toString();
    }

    private static void widen(int[] widths, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            widths[i] = Math.max(widths[i], cells.get(i).length());
        }
    }

    private static void line(StringBuilder text, int[] widths, List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(i == 0 ? "" : GAP).append(cells.get(i)).append(" ".repeat(widths[i] - cells.get(i).length()));
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }
}

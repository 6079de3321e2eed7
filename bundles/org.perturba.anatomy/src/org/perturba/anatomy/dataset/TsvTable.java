package org.perturba.anatomy.dataset;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * A tab-separated table with a header row, as BIDS writes its {@code .tsv} files. It keeps each
 * row's line number so that every later complaint can point at the line to fix. Cells are trimmed
 * (tolerating CRLF files and stray spaces), blank lines skipped and a UTF-8 byte-order mark ignored.
 */
final class TsvTable {
    private final String name;
    private final List<String> columns;
    private final List<Row> rows;

    /** One data row: its 1-based line number in the file and its cells, one per column. */
    record Row(int line, List<String> cells) {
    }

    private TsvTable(String name, List<String> columns, List<Row> rows) {
        this.name = name;
        this.columns = columns;
        this.rows = rows;
    }

    static TsvTable read(Path file) throws DatasetException {
        String name = file.getFileName().toString();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new DatasetException(name + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new DatasetException(name + ": cannot read it (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
        List<String> columns = null;
        List<Row> rows = new ArrayList<>();
        for (int index = 0; index < lines.size(); index++) {
            String line = index == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(index);
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = Arrays.stream(line.split("\t", -1)).map(String::strip).toList();
            if (columns == null) {
                columns = header(name, cells);
            } else if (cells.size() != columns.size()) {
                throw new DatasetException(name + " line " + (index + 1) + ": " + cells.size() + " fields, the header has "
                        + columns.size());
            } else {
                rows.add(new Row(index + 1, cells));
            }
        }
        if (columns == null) {
            throw new DatasetException(name + " is empty");
        }
        return new TsvTable(name, columns, List.copyOf(rows));
    }

    private static List<String> header(String name, List<String> cells) throws DatasetException {
        for (int column = 0; column < cells.size(); column++) {
            if (cells.indexOf(cells.get(column)) != column) {
                throw new DatasetException(name + ": column '" + cells.get(column) + "' appears twice in the header");
            }
        }
        return cells;
    }

    /** The file name, for messages. */
    String name() {
        return name;
    }

    List<Row> rows() {
        return rows;
    }

    /** The index of a column the table must have. */
    int column(String column) throws DatasetException {
        return optionalColumn(column).orElseThrow(() -> new DatasetException(
                name + ": no column '" + column + "' (columns: " + String.join(", ", columns) + ")"));
    }

    OptionalInt optionalColumn(String column) {
        int index = columns.indexOf(column);
        return index < 0 ? OptionalInt.empty() : OptionalInt.of(index);
    }

    /** Where a row is, for messages: {@code participants.tsv line 7}. */
    String where(Row row) {
        return name + " line " + row.line();
    }
}

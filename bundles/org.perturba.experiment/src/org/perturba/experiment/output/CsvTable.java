package org.perturba.experiment.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Every CSV file Perturba writes or reads ({@code predictions.csv}, {@code attacks.csv}, the
 * predictions of {@code evaluate --csv}): RFC 4180 through Apache Commons CSV, so that a value with
 * a comma, a quote or a line break stays in its column, with a header row and numbers written in
 * {@link Locale#ROOT} (a decimal comma would shift every later column).
 */
public final class CsvTable {
    /** RFC 4180 with Unix line ends, which the reader accepts as well as CRLF. */
    private static final CSVFormat WRITE = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();
    private static final CSVFormat READ = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW).get();

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    private CsvTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    /** An empty table with these columns. */
    public static CsvTable withColumns(String... header) {
        return new CsvTable(List.of(header));
    }

    /** Adds a row, one value per column; numbers should come from {@link #decimal}. */
    public CsvTable row(String... values) {
        if (values.length != header.size()) {
            throw new IllegalArgumentException(values.length + " values for " + header.size() + " columns " + header);
        }
        rows.add(List.of(values));
        return this;
    }

    /** The table as CSV text: the header, then each row. */
    public String text() {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, WRITE)) {
            printer.printRecord(header);
            for (List<String> row : rows) {
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return out.toString();
    }

    /** A number with {@code places} decimals, in {@link Locale#ROOT} whatever the default locale. */
    public static String decimal(double value, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", value);
    }

    /**
     * The data rows of a CSV file that has at least the {@code required} columns (in any order, by
     * header name). Blank lines are skipped; a row whose width differs from the header's, a repeated
     * column name or a broken quote is an {@link IOException} naming the file and the record.
     */
    public static List<Row> read(Path file, String... required) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(file, StandardCharsets.UTF_8, READ)) {
            Map<String, Integer> columns = parser.getHeaderMap();
            for (String name : required) {
                if (!columns.containsKey(name)) {
                    throw new IOException(file + ": no column '" + name + "' in the header");
                }
            }
            for (CSVRecord record : parser) {
                if (record.size() != columns.size()) {
                    throw new IOException(file + ": record " + (record.getRecordNumber() + 1) + ": " + record.size()
                            + " fields, the header has " + columns.size());
                }
                rows.add(new Row(file, record));
            }
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            // a repeated or missing header name, or a quote that never closes
            throw new IOException(file + ": not a valid CSV table (" + e.getMessage() + ")", e);
        }
        return rows;
    }

    /** One data row, its values looked up by column name. */
    public static final class Row {
        private final Path file;
        private final CSVRecord record;

        private Row(Path file, CSVRecord record) {
            this.file = file;
            this.record = record;
        }

        public String text(String column) {
            return record.get(column);
        }

        public double number(String column) throws IOException {
            String text = text(column);
            try {
                return Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                throw new IOException(file + ": record " + (record.getRecordNumber() + 1) + ": " + column + " is not a number: '"
                        + text + "'");
            }
        }
    }
}

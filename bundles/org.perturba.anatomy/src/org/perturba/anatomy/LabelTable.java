package org.perturba.anatomy;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a BIDS segmentation table ({@code dseg.tsv}): tab-separated, a header with the columns
 * {@code index} and {@code name} (others ignored), one region per line.
 */
public final class LabelTable {
    private LabelTable() {
    }

    /**
     * @param source how error messages name the table, e.g. its path
     * @return region name by label
     * @throws IOException on a missing column, a malformed or duplicate index; the message names the line
     */
    public static Map<Integer, String> parse(BufferedReader reader, String source) throws IOException {
        String header = reader.readLine();
        if (header == null) {
            throw new IOException(source + ": empty, expected a header with columns index and name");
        }
        List<String> columns = Arrays.asList(header.split("\t", -1));
        int indexColumn = columns.indexOf("index");
        int nameColumn = columns.indexOf("name");
        if (indexColumn < 0 || nameColumn < 0) {
            throw new IOException(source + ": needs columns 'index' and 'name', has " + columns);
        }
        Map<Integer, String> names = new TreeMap<>();
        String line;
        for (int number = 2; (line = reader.readLine()) != null; number++) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length <= Math.max(indexColumn, nameColumn)) {
                throw new IOException(source + " line " + number + ": " + fields.length + " fields, expected "
                        + columns.size());
            }
            int index;
            try {
                index = Integer.parseInt(fields[indexColumn].strip());
            } catch (NumberFormatException e) {
                throw new IOException(source + " line " + number + ": index '" + fields[indexColumn] + "' is not an integer");
            }
            if (names.put(index, fields[nameColumn].strip()) != null) {
                throw new IOException(source + " line " + number + ": index " + index + " appears twice");
            }
        }
        return names;
    }
}

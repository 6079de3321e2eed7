package org.perturba.anatomy.dataset;

import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads dseg.tsv, the names of a label map's indices (columns {@code index} and {@code name}, more
 * allowed), so that regional features and reports can say "Left-Hippocampus" instead of 17.
 */
public final class LabelTable {
    public static final String FILE = "dseg.tsv";

    private LabelTable() {
    }

    public static SortedMap<Integer, String> read(Path file) throws DatasetException {
        TsvTable table = TsvTable.read(file);
        int indexColumn = table.column("index");
        int nameColumn = table.column("name");
        SortedMap<Integer, String> names = new TreeMap<>();
        for (TsvTable.Row row : table.rows()) {
            String where = table.where(row);
            String text = row.cells().get(indexColumn);
            int index;
            try {
                index = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new DatasetException(where + ": index '" + text + "' is not an integer", e);
            }
            String name = row.cells().get(nameColumn);
            if (name.isEmpty()) {
                throw new DatasetException(where + ": label " + index + " has no name");
            }
            String earlier = names.putIfAbsent(index, name);
            if (earlier != null) {
                throw new DatasetException(where + ": duplicate index " + index + " (already named '" + earlier + "')");
            }
        }
        return Collections.unmodifiableSortedMap(names);
    }
}

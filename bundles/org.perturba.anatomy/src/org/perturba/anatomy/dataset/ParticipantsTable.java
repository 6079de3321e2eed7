package org.perturba.anatomy.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Turns participants.tsv into participants: ids normalised to their label (with or without the
 * {@code sub-} prefix, as cohorts write both), ids that could name a path outside the dataset
 * refused, ages required to be finite non-negative numbers, and each participant's files found.
 */
final class ParticipantsTable {
    static final String FILE = "participants.tsv";

    // Possessive quantifiers: with greedy ones, \d+\.?\d* tries every split of a run of digits before
    // failing, so an age of 50,000 digits followed by a letter took over 8 minutes to refuse: a hang a
    // participants.tsv could cause (found reviewing the parser for fuzzing, reproduced by its fuzz
    // target; the input is in the fuzz corpus). This form never backtracks and accepts the same text.
    private static final Pattern DECIMAL = Pattern.compile("[+-]?+(\\d++\\.?+\\d*+|\\.\\d++)([eE][+-]?+\\d++)?+");
    private static final Pattern NON_FINITE = Pattern.compile("(?i)[+-]?(nan|inf|infinity)");
    private static final String MISSING = "n/a";

    private ParticipantsTable() {
    }

    static List<Participant> read(Path file, SubjectFiles files) throws DatasetException {
        TsvTable table = TsvTable.read(file);
        int idColumn = table.column("participant_id");
        int ageColumn = table.column("age");
        OptionalInt sexColumn = table.optionalColumn("sex");
        if (table.rows().isEmpty()) {
            throw new DatasetException(table.name() + ": no participants, only a header");
        }
        List<Participant> participants = new ArrayList<>();
        Map<String, Integer> lineOfId = new HashMap<>();
        for (TsvTable.Row row : table.rows()) {
            String where = table.where(row);
            String id = label(where, row.cells().get(idColumn));
            Integer earlier = lineOfId.putIfAbsent(id, row.line());
            if (earlier != null) {
                throw new DatasetException(where + ": duplicate participant '" + SubjectFiles.PREFIX + id
                        + "' (first on line " + earlier + ")");
            }
            double age = age(where, row.cells().get(ageColumn));
            String sex = sexColumn.isPresent() ? row.cells().get(sexColumn.getAsInt()) : "";
            participants.add(new Participant(id, age, sex.equals(MISSING) ? "" : sex, files.t1w(id), files.dseg(id)));
        }
        return List.copyOf(participants);
    }

    /** The participant label: the id without {@code sub-}, refused when it could leave the dataset root. */
    private static String label(String where, String participantId) throws DatasetException {
        String id = participantId.startsWith(SubjectFiles.PREFIX) ? participantId.substring(SubjectFiles.PREFIX.length())
                : participantId;
        if (id.isEmpty()) {
            throw new DatasetException(where + ": participant_id '" + participantId + "' is empty");
        }
        if (id.contains("/") || id.contains("\\") || id.contains("..")) {
            throw new DatasetException(where + ": participant id '" + participantId + "' leaves the dataset root");
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            throw new DatasetException(where + ": participant id '" + participantId.replaceAll("\\p{Cntrl}", "?")
                    + "' holds a control character");
        }
        return id;
    }

    private static double age(String where, String text) throws DatasetException {
        boolean decimal = DECIMAL.matcher(text).matches();
        if (!decimal && !NON_FINITE.matcher(text).matches()) {
            throw new DatasetException(where + ": age '" + text + "' is not a number");
        }
        double age = decimal ? Double.parseDouble(text) : Double.NaN;
        if (!Double.isFinite(age)) {
            throw new DatasetException(where + ": age '" + text + "' is not finite");
        }
        if (age < 0) {
            throw new DatasetException(where + ": age '" + text + "' is negative");
        }
        return age;
    }
}

package org.perturba.anatomy.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Turns participants.tsv into participants: ids must be BIDS subject ids ({@code sub-} and a label
 * of ASCII letters and digits, which also keeps every path built from them inside the dataset), ages
 * must be plausible human ages ({@link Participant#MAX_AGE_YEARS}), and each participant's files are
 * found. Every refusal names the line.
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
    // the BIDS label is alphanumeric: that also rules out path separators, "..", and control characters
    private static final Pattern BIDS_ID = Pattern.compile(Pattern.quote(SubjectFiles.PREFIX) + "[A-Za-z0-9]++");

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

    /** The participant label: the BIDS id without {@code sub-}. */
    private static String label(String where, String participantId) throws DatasetException {
        if (!BIDS_ID.matcher(participantId).matches()) {
            throw new DatasetException(where + ": participant_id '" + participantId.replaceAll("\\p{Cntrl}", "?")
                    + "' is not a BIDS id (" + SubjectFiles.PREFIX + " followed by letters and digits)");
        }
        return participantId.substring(SubjectFiles.PREFIX.length());
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
        if (age > Participant.MAX_AGE_YEARS) {
            throw new DatasetException(where + ": age '" + text + "' is over " + Participant.MAX_AGE_YEARS
                    + " years (ages are in years; no human is older)");
        }
        return age;
    }
}

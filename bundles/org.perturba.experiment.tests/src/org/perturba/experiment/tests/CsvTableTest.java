package org.perturba.experiment.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.experiment.output.CsvTable;

/** Awkward values survive a round trip through CSV in their own column; malformed files are named errors. */
class CsvTableTest {
    private static final String[] AWKWARD = { "plain", "a,b", "say \"hi\"", "two\nlines", "cr\r\nlf", "", " padded ", "#hash",
            "sub-ümlaut" };

    @Test
    void everyAwkwardValueReadsBackInItsColumn(@TempDir Path folder) throws IOException {
        CsvTable table = CsvTable.withColumns("name", "value", "after");
        for (String value : AWKWARD) {
            table.row(value, "x" + value, "end");
        }
        Path file = folder.resolve("awkward.csv");
        Files.writeString(file, table.text());
        List<CsvTable.Row> rows = CsvTable.read(file, "after", "name");
        assertEquals(AWKWARD.length, rows.size());
        for (int i = 0; i < AWKWARD.length; i++) {
            assertEquals(AWKWARD[i], rows.get(i).text("name"));
            assertEquals("x" + AWKWARD[i], rows.get(i).text("value"));
            assertEquals("end", rows.get(i).text("after"));
        }
    }

    @Test
    void writesPlainValuesAsTheyAreAndNumbersInTheRootLocale() throws IOException {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY); // a decimal comma would split a number into two columns
            assertEquals("model,age\ncnn,30.1250\n", CsvTable.withColumns("model", "age").row("cnn", CsvTable.decimal(30.125, 4)).text());
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void readsColumnsByNameInAnyOrderAndCrlfLineEnds(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("t.csv");
        Files.writeString(file, "b,a\r\n2.5,\"x,y\"\r\n\r\n-1,z\r\n");
        List<CsvTable.Row> rows = CsvTable.read(file, "a", "b");
        assertEquals(2, rows.size(), "the blank line is skipped");
        assertEquals("x,y", rows.get(0).text("a"));
        assertEquals(2.5, rows.get(0).number("b"));
        assertEquals(-1, rows.get(1).number("b"));
    }

    @Test
    void namesTheFileAndRecordOfEveryDefect(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("bad.csv");
        Files.writeString(file, "a,b\n1,2\n3,4,5\n");
        assertMessage("bad.csv: record 3: 3 fields, the header has 2", () -> CsvTable.read(file, "a"));
        Files.writeString(file, "a,b\n1,2\n3\n");
        assertMessage("bad.csv: record 3: 1 fields, the header has 2", () -> CsvTable.read(file, "a"));
        Files.writeString(file, "a,b\n1,2\n");
        assertMessage("bad.csv: no column 'c' in the header", () -> CsvTable.read(file, "a", "c"));
        Files.writeString(file, "a,b\n1,x\n");
        assertMessage("bad.csv: record 2: b is not a number: 'x'", () -> CsvTable.read(file).get(0).number("b"));
        Files.writeString(file, "a,a\n1,2\n");
        assertTrue(message(() -> CsvTable.read(file)).contains("bad.csv: not a valid CSV table"));
        Files.writeString(file, "a,b\n1,\"open\n");
        assertTrue(message(() -> CsvTable.read(file)).contains("bad.csv: not a valid CSV table"));
    }

    @Test
    void refusesARowOfTheWrongWidth() {
        assertThrows(IllegalArgumentException.class, () -> CsvTable.withColumns("a", "b").row("1"));
    }

    private interface Read {
        Object run() throws IOException;
    }

    private static void assertMessage(String ending, Read read) {
        String message = message(read);
        assertTrue(message.endsWith(ending), message);
    }

    private static String message(Read read) {
        return assertThrows(IOException.class, read::run).getMessage();
    }
}

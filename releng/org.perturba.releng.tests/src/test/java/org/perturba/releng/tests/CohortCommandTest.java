package org.perturba.releng.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code perturba cohort} through the headless product's launcher. */
class CohortCommandTest {
    @TempDir
    Path dir;

    private static ProductRun perturba(String... arguments) throws Exception {
        return ProductRun.run("headless", "perturba", arguments);
    }

    @Test
    void writesTheCohortAndReportsProgress() throws Exception {
        Path out = dir.resolve("cohort");
        ProductRun run = perturba("cohort", "--out", out.toString(), "--subjects", "10", "--seed", "4", "--grid", "32",
                "--age-min", "40", "--age-max", "60");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("wrote 10 subjects (32x32x32 voxels) to " + out), run.out());
        assertTrue(run.err().contains("perturba: cohort: 10/10 subjects"), run.err());
        List<String> participants = Files.readAllLines(out.resolve("participants.tsv"));
        assertEquals("participant_id\tage\tsex", participants.get(0));
        assertEquals(11, participants.size());
        assertTrue(Files.isRegularFile(out.resolve("sub-010/anat/sub-010_dseg.nii.gz")));
        ProductRun info = perturba("info", out.resolve("sub-001/anat/sub-001_T1w.nii.gz").toString());
        assertTrue(info.out().contains("32 x 32 x 32"), info.out());
    }

    @Test
    void badOptionsAreUsageErrorsAndAFullDirectoryIsRefused() throws Exception {
        for (String[] arguments : new String[][] { { "cohort" }, { "cohort", "--out", "x", "--grid", "36" },
                { "cohort", "--out", "x", "--subjects", "many" }, { "cohort", "--out", "x", "--age-min", "70", "--age-max", "30" },
                { "cohort", "--out" } }) {
            ProductRun run = perturba(arguments);
            assertEquals(2, run.exitCode(), String.join(" ", arguments) + "\n" + run.err());
            assertTrue(run.err().startsWith("perturba: "), run.err());
            assertFalse(run.showsStackTrace(), run.err());
        }
        Files.writeString(dir.resolve("keep.txt"), "mine");
        ProductRun full = perturba("cohort", "--out", dir.toString(), "--subjects", "10");
        assertEquals(1, full.exitCode(), full.err());
        assertEquals("perturba: error: " + dir + ": not empty; a cohort is written only into a new or empty directory",
                full.err().strip());
        assertEquals("mine", Files.readString(dir.resolve("keep.txt")));
    }
}

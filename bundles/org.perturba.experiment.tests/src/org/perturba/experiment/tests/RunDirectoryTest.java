package org.perturba.experiment.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.experiment.run.RunDirectory;
import org.perturba.imaging.io.AtomicFiles;

class RunDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void resumingRemovesWhatACrashLeftAndKeepsEveryFinishedFile() throws IOException {
        RunDirectory run = RunDirectory.open(dir, false);
        run.write("cells/fgsm.json", "{}");
        // what a run killed mid-write leaves: a staged cell file and a half-generated cohort, never closed
        Files.writeString(AtomicFiles.stage(run.resolve("cells/pgd.json")).path(), "{\"half");
        Files.writeString(AtomicFiles.stageDirectory(run.resolve("cohort")).path().resolve("participants.tsv"), "half");
        RunDirectory.open(dir, true);
        assertEquals(List.of("cells"), names(dir));
        assertEquals(List.of("fgsm.json"), names(dir.resolve("cells")));
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }
}

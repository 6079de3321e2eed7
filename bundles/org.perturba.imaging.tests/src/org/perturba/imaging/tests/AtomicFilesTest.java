package org.perturba.imaging.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.imaging.io.AtomicFiles;
import org.perturba.imaging.io.StagedDirectory;
import org.perturba.imaging.io.StagedFile;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesTheWholeFileAndLeavesNoTemporaryOne() throws IOException {
        Path file = dir.resolve("a/b/table.csv");
        AtomicFiles.writeString(file, "x,y\n1,2\n");
        AtomicFiles.writeString(file, "x,y\n3,4\n");
        assertEquals("x,y\n3,4\n", Files.readString(file));
        assertEquals(List.of("table.csv"), names(file.getParent()));
    }

    @Test
    void aWriteThatFailsMidwayKeepsTheOldFileAndLeavesNoTemporaryOne() throws IOException {
        Path file = dir.resolve("report.html");
        Files.writeString(file, "old");
        IOException failure = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write(new byte[1 << 20]); // past any buffer: the bytes reach the temporary file
            throw new IOException("disk full");
        }));
        assertEquals("disk full", failure.getMessage());
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("<html>half".getBytes());
            throw new UncheckedIOException(new IOException("a bug"));
        }));
        assertEquals("old", Files.readString(file));
        assertThrows(IOException.class, () -> AtomicFiles.write(dir.resolve("new.html"), out -> {
            throw new IOException("at once");
        }));
        assertEquals(List.of("report.html"), names(dir), "no new file, no temporary file");
    }

    @Test
    void aStagedFileReplacesItsTargetOnlyWhenCommitted() throws IOException {
        Path file = dir.resolve("model.zip");
        try (StagedFile staged = AtomicFiles.stage(file)) {
            Files.writeString(staged.path(), "abandoned");
            assertEquals(dir, staged.path().getParent(), "beside the target, so the rename stays on one file system");
            assertTrue(AtomicFiles.isLeftover(staged.path()), staged.path().toString());
        }
        assertEquals(List.of(), names(dir));
        try (StagedFile staged = AtomicFiles.stage(file)) {
            Files.writeString(staged.path(), "kept");
            staged.commit();
        }
        assertEquals("kept", Files.readString(file));
        assertEquals(List.of("model.zip"), names(dir));
    }

    @Test
    void recognisesExactlyItsOwnTemporaryNames() throws IOException {
        for (String name : List.of(".lock", "notes.tmp", ".notes.tmp", "image.nii.partial", ".cohort.partial",
                ".a.0123456789abcdef.tmp.bak", ".a.0123456789ABCDEF.tmp", "a.0123456789abcdef.tmp")) {
            assertFalse(AtomicFiles.isLeftover(dir.resolve(name)), name);
        }
        assertTrue(AtomicFiles.isLeftover(dir.resolve(".summary.json.0123456789abcdef.tmp")));
        assertTrue(AtomicFiles.isLeftover(dir.resolve(".cohort.partial-0123456789abcdef")));
        String longName = "x".repeat(250);
        try (StagedFile staged = AtomicFiles.stage(dir.resolve(longName))) {
            assertTrue(AtomicFiles.isLeftover(staged.path()));
            assertTrue(staged.path().getFileName().toString().length() < 255, "a name the file system accepts");
        }
    }

    @Test
    void removesWhatACrashLeftAndNothingElse() throws IOException {
        Path cells = Files.createDirectories(dir.resolve("cells"));
        Files.writeString(cells.resolve("fgsm.json"), "{}");
        Files.writeString(dir.resolve(".lock"), "1234");
        // a process killed mid-write never closes what it staged
        Files.writeString(AtomicFiles.stage(cells.resolve("pgd.json")).path(), "{\"half");
        StagedDirectory cohort = AtomicFiles.stageDirectory(dir.resolve("cohort"));
        Files.writeString(Files.createDirectories(cohort.path().resolve("sub-001/anat")).resolve("x.nii"), "half");
        AtomicFiles.stage(cohort.path().resolve("participants.tsv"));
        AtomicFiles.removeLeftovers(dir);
        assertEquals(List.of(".lock", "cells"), names(dir));
        assertEquals(List.of("fgsm.json"), names(cells));
    }

    @Test
    void aStagedFolderAppearsWholeOrNotAtAll() throws IOException {
        Path target = dir.resolve("cohort");
        try (StagedDirectory staged = AtomicFiles.stageDirectory(target)) {
            AtomicFiles.writeString(staged.path().resolve("sub-001/anat/t1w.nii"), "voxels");
            assertFalse(Files.exists(target), "nothing at the target while it is filled");
        }
        assertEquals(List.of(), names(dir), "an uncommitted folder is removed with its content");
        Files.createDirectory(target); // an empty folder is replaced
        try (StagedDirectory staged = AtomicFiles.stageDirectory(target)) {
            AtomicFiles.writeString(staged.path().resolve("sub-001/anat/t1w.nii"), "voxels");
            staged.commit();
        }
        assertEquals("voxels", Files.readString(target.resolve("sub-001/anat/t1w.nii")));
        assertEquals(List.of("cohort"), names(dir));
    }

    @Test
    void aStagedFolderNeverReplacesAFolderWithContent() throws IOException {
        Path target = dir.resolve("cohort");
        Files.writeString(Files.createDirectory(target).resolve("notes.txt"), "mine");
        try (StagedDirectory staged = AtomicFiles.stageDirectory(target)) {
            AtomicFiles.writeString(staged.path().resolve("participants.tsv"), "participant_id\n");
            assertThrows(DirectoryNotEmptyException.class, staged::commit);
        }
        assertEquals(List.of("notes.txt"), names(target));
        assertEquals(List.of("cohort"), names(dir));
    }

    @Test
    void stagingAFolderRemovesWhatAnInterruptedStagingOfTheSameTargetLeft() throws IOException {
        Path killed = AtomicFiles.stageDirectory(dir.resolve("cohort")).path(); // never closed: a killed process
        Files.writeString(killed.resolve("participants.tsv"), "half");
        Path other = AtomicFiles.stageDirectory(dir.resolve("cohort2")).path(); // another target's: not ours to remove
        try (StagedDirectory staged = AtomicFiles.stageDirectory(dir.resolve("cohort"))) {
            assertFalse(Files.exists(killed));
            assertTrue(Files.isDirectory(other));
            staged.commit();
        }
        assertEquals(List.of(other.getFileName().toString(), "cohort").stream().sorted().toList(), names(dir));
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }
}

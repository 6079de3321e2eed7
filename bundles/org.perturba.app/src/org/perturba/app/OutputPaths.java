package org.perturba.app;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks, before a command does any work, that it will be able to write its outputs: a training
 * run that fails at its last step on an unwritable path wastes every epoch before it. Whether a
 * folder takes new entries is found by creating one and removing it at once, because permissions
 * alone cannot tell (root may write anywhere but on a read-only file system or in {@code /proc}).
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /** A file the command will write: its folder exists and takes new files; an existing file only with {@code force}. */
    static void requireNewFile(Path file, boolean force) throws CommandFailedException {
        Path folder = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw new CommandFailedException(file + ": is a folder, expected a file");
        }
        if (!Files.exists(folder)) {
            throw new CommandFailedException("cannot write " + file + ": no such folder " + folder);
        }
        if (!Files.isDirectory(folder)) {
            throw new CommandFailedException("cannot write " + file + ": " + folder + " is not a folder");
        }
        if (Files.exists(file) && !force) {
            throw new CommandFailedException(file + ": already exists (add --force to replace it)");
        }
        probe(folder, "cannot write " + file);
    }

    /** A folder the command will create or fill: it, or the nearest folder above it that exists, takes new entries. */
    static void requireWritableFolder(Path folder) throws CommandFailedException {
        Path existing = folder.toAbsolutePath();
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (!Files.isDirectory(existing)) {
            throw new CommandFailedException("cannot create folder " + folder + ": " + existing + " is not a folder");
        }
        probe(existing, existing.equals(folder.toAbsolutePath()) ? "cannot write into " + folder
                : "cannot create folder " + folder);
    }

    private static void probe(Path folder, String failure) throws CommandFailedException {
        try {
            Files.delete(Files.createTempDirectory(folder, ".perturba-probe"));
        } catch (IOException e) {
            throw new CommandFailedException(failure + ": " + reason(e, folder), e);
        }
    }

    /** Why a folder refused a new entry, in words: the JDK's messages repeat the path and omit the cause. */
    private static String reason(IOException e, Path folder) {
        if (e instanceof AccessDeniedException) {
            return "permission denied in " + folder;
        }
        if (e instanceof NoSuchFileException) {
            return folder + " does not accept new entries"; // e.g. /proc, where mkdir answers ENOENT
        }
        if (e instanceof FileSystemException failure && failure.getReason() != null) {
            return failure.getReason().toLowerCase(Locale.ROOT) + " (" + folder + ")";
        }
        return e.getMessage();
    }
}

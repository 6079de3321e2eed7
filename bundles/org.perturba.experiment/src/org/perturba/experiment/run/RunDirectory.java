package org.perturba.experiment.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.perturba.imaging.io.AtomicFiles;

/**
 * The output folder of one run. Every file is written atomically (temporary file, then rename), so
 * after a crash each file is either complete or absent (a resumed run removes the temporary files
 * a crash left), which is what lets {@code --resume} trust whatever it finds. A fresh run refuses a
 * folder that already holds files.
 */
public final class RunDirectory {
    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /**
     * @param resume whether to continue a run in {@code root}; otherwise {@code root} must be
     *        absent or empty
     */
    public static RunDirectory open(Path root, boolean resume) throws IOException {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IOException(root + ": not a folder");
        }
        if (!resume && Files.isDirectory(root) && !isEmpty(root)) {
            throw new IOException(root + ": the folder is not empty (choose a new --out, or add --resume to continue that run)");
        }
        if (resume && !Files.isDirectory(root)) {
            throw new IOException(root + ": nothing to resume (no such folder)");
        }
        Files.createDirectories(root);
        if (resume) {
            removeUnfinishedWrites(root);
        }
        return new RunDirectory(root);
    }

    /** Temporary files and folders of writes a crash cut short: never read, so only removed. */
    private static void removeUnfinishedWrites(Path root) throws IOException {
        AtomicFiles.removeLeftovers(root);
    }

    public Path root() {
        return root;
    }

    public Path resolve(String relative) {
        return root.resolve(relative);
    }

    public boolean exists(String relative) {
        return Files.isRegularFile(root.resolve(relative));
    }

    public void write(String relative, String text) throws IOException {
        AtomicFiles.writeString(root.resolve(relative), text);
    }

    public String read(String relative) throws IOException {
        return Files.readString(root.resolve(relative));
    }

    /** Removes a file or folder tree left unfinished by an interrupted run. */
    public void delete(String relative) throws IOException {
        Path path = root.resolve(relative);
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(path)) {
            tree.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }
}

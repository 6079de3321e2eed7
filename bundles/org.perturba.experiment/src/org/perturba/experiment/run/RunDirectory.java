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
 * a crash left), which is what lets {@code --resume} trust whatever it finds; and only when the
 * folder's {@link RunRecord} says it holds the same experiment. A fresh run refuses a folder that
 * already holds files. While open, the folder is locked against other runs.
 */
public final class RunDirectory implements AutoCloseable {
    private final Path root;
    /** Null for a folder {@linkplain #within within} a run: the run's own lock covers it. */
    private final RunLock lock;

    private RunDirectory(Path root, RunLock lock) {
        this.root = root;
        this.lock = lock;
    }

    /**
     * @param resume whether to continue a run in {@code root}; otherwise {@code root} must be
     *        absent or empty
     * @param record the experiment to run: written into a new folder, compared with the one a
     *        resumed folder holds (which is refused, untouched, when they differ)
     */
    static RunDirectory open(Path root, boolean resume, RunRecord record) throws IOException {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IOException(root + ": not a folder");
        }
        if (resume) {
            if (!Files.isDirectory(root)) {
                throw new IOException(root + ": nothing to resume (no such folder)");
            }
            record.requireSameAs(root);
            RunLock lock = RunLock.acquire(root);
            try {
                removeUnfinishedWrites(root);
            } catch (IOException e) {
                lock.close();
                throw e;
            }
            return new RunDirectory(root, lock);
        }
        requireEmpty(root);
        Files.createDirectories(root);
        RunLock lock = RunLock.acquire(root);
        try {
            requireEmpty(root); // again under the lock: another run may have started in between
            AtomicFiles.writeString(root.resolve(RunRecord.FILE), record.text());
        } catch (IOException e) {
            lock.close();
            throw e;
        }
        return new RunDirectory(root, lock);
    }

    private static void requireEmpty(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> entries = Files.list(root)) {
            if (entries.anyMatch(entry -> !entry.getFileName().toString().equals(RunLock.FILE))) {
                throw new IOException(root + ": the folder is not empty (choose a new --out, or add --resume to continue that run)");
            }
        }
    }

    /** Temporary files and folders of writes a crash cut short: never read, so only removed. */
    private static void removeUnfinishedWrites(Path root) throws IOException {
        AtomicFiles.removeLeftovers(root);
    }

    /**
     * A folder inside this run that holds a run of its own (one seed's of several): files are
     * written and resumed there the same way, under this run's record and lock.
     */
    RunDirectory within(String relative) {
        return new RunDirectory(root.resolve(relative), null);
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

    /** Lets other runs into the folder. */
    @Override
    public void close() throws IOException {
        if (lock != null) {
            lock.close();
        }
    }
}

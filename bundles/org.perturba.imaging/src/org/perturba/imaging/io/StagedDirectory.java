package org.perturba.imaging.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A temporary folder that becomes its target in one rename (see {@link AtomicFiles#stageDirectory}):
 * readers find the target complete or absent, never half-filled. {@link #close()} deletes an
 * uncommitted one with all it holds, so a failed or cancelled fill leaves nothing behind.
 */
public final class StagedDirectory implements AutoCloseable {
    private final Path path;
    private final Path target;
    private boolean committed;

    StagedDirectory(Path path, Path target) {
        this.path = path;
        this.target = target;
    }

    /** The folder to fill. */
    public Path path() {
        return path;
    }

    /**
     * Syncs every folder of the tree (its files are synced as they are written through
     * {@link AtomicFiles}), then renames it to the target. An existing target must be an empty
     * folder: it is replaced.
     *
     * @throws java.nio.file.DirectoryNotEmptyException when the target has gained content meanwhile
     */
    public void commit() throws IOException {
        List<Path> folders;
        try (Stream<Path> tree = Files.walk(path)) {
            folders = tree.filter(Files::isDirectory).toList();
        }
        folders.forEach(AtomicFiles::syncDirectory);
        if (Files.isDirectory(target)) {
            Files.delete(target); // fails, leaving it as it was, unless it is empty
        }
        AtomicFiles.rename(path, target);
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            AtomicFiles.deleteTree(path);
        }
    }
}

package org.perturba.imaging.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A temporary file waiting to replace its target (see {@link AtomicFiles#stage}). Writers fill
 * {@link #path()} by any means, then {@link #commit()}; {@link #close()} deletes an uncommitted one,
 * so a failure anywhere in between leaves the target as it was and nothing beside it.
 */
public final class StagedFile implements AutoCloseable {
    private final Path path;
    private final Path target;
    private boolean committed;

    StagedFile(Path path, Path target) {
        this.path = path;
        this.target = target;
    }

    /** Where to write the content. */
    public Path path() {
        return path;
    }

    /** Forces the content to disk, then renames it over the target (replacing it) and syncs the folder. */
    public void commit() throws IOException {
        AtomicFiles.syncFile(path);
        AtomicFiles.rename(path, target);
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            Files.deleteIfExists(path);
        }
    }
}

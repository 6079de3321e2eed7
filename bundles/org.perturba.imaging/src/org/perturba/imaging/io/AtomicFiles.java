package org.perturba.imaging.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one way Perturba writes a file, so that a reader (a browser, a later run, a crash) never sees
 * half of one: the content goes to a temporary file beside the target ({@code .NAME.RANDOM.tmp}),
 * is forced to disk, renamed over the target in one step, and the rename itself is made durable by
 * syncing the folder. A failed write deletes its temporary file and leaves any earlier target as it
 * was. A whole folder can be written the same way ({@link #stageDirectory}). What a killed process
 * leaves is recognised by {@link #isLeftover} and removed by {@link #removeLeftovers}.
 * Missing parent folders of a target are created.
 */
public final class AtomicFiles {
    private static final String TEMPORARY_SUFFIX = ".tmp";
    private static final String PARTIAL = "partial-";
    /** {@code .NAME.RANDOM.tmp} (a file) or {@code .NAME.partial-RANDOM} (a folder), RANDOM being 16 hex digits. */
    private static final Pattern LEFTOVER = Pattern.compile("\\..+\\.([0-9a-f]{16}\\.tmp|partial-[0-9a-f]{16})");
    /** Keeps a temporary name within the 255 bytes most file systems allow, whatever the target's length. */
    private static final int MAX_NAME_IN_TEMPORARY = 120;

    /** Fills or writes something; may fail with an I/O error. */
    @FunctionalInterface
    public interface IOConsumer<T> {
        void accept(T value) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes UTF-8 text atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes what {@code content} puts into the stream atomically. */
    public static void write(Path target, IOConsumer<OutputStream> content) throws IOException {
        try (StagedFile staged = stage(target)) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(staged.path()), 1 << 16)) {
                content.accept(out);
            }
            staged.commit();
        }
    }

    /**
     * A temporary file for {@code target}, for writers that need a path of their own (a library that
     * writes to a {@code File}, a file channel) or that put several files in place together: write to
     * {@link StagedFile#path()}, then {@link StagedFile#commit()}; closing without committing deletes it.
     */
    public static StagedFile stage(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Files.createDirectories(absolute.getParent());
        Path temporary = absolute.resolveSibling(prefix(absolute) + random() + TEMPORARY_SUFFIX);
        // not Files.createTempFile: its owner-only permissions would stay with the target
        Files.createFile(temporary);
        return new StagedFile(temporary, absolute);
    }

    /**
     * A temporary sibling folder ({@code .NAME.partial-RANDOM}) to fill and then rename to
     * {@code target} in one step (see {@link StagedDirectory}). Removes first what an interrupted
     * staging of the same target left, so a killed generation is cleaned up by the next one.
     */
    public static StagedDirectory stageDirectory(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = Files.createDirectories(absolute.getParent());
        String prefix = prefix(absolute) + PARTIAL;
        List<Path> earlier;
        try (Stream<Path> siblings = Files.list(parent)) {
            earlier = siblings.filter(sibling -> isLeftover(sibling) && sibling.getFileName().toString().startsWith(prefix))
                    .toList();
        }
        for (Path leftover : earlier) {
            deleteTree(leftover);
        }
        return new StagedDirectory(Files.createDirectory(parent.resolve(prefix + random())), absolute);
    }

    /** Whether a file or folder is an unfinished write of this class (its name, nothing else, decides). */
    public static boolean isLeftover(Path path) {
        Path name = path.getFileName();
        return name != null && LEFTOVER.matcher(name.toString()).matches();
    }

    /** Deletes every unfinished write under {@code root}, files and staged folders alike. */
    public static void removeLeftovers(Path root) throws IOException {
        List<Path> leftovers;
        try (Stream<Path> tree = Files.walk(root)) {
            leftovers = tree.filter(AtomicFiles::isLeftover).toList();
        }
        for (Path leftover : leftovers) {
            deleteTree(leftover); // a staged folder's content is listed too: it may already be gone
        }
    }

    /** Renames {@code source} over {@code target} in one step and makes the rename durable. */
    static void rename(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING); // a file system without atomic rename
        }
        syncDirectory(target.getParent());
    }

    /** Forces a file's content and metadata to disk. */
    static void syncFile(Path file) throws IOException {
        // WRITE: some systems refuse to flush a file opened only for reading
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Forces a folder's entries (the names renamed into it) to disk, where the file system allows it. */
    static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows and some network file systems cannot open or flush a folder: the rename is then
            // as durable as that file system makes it, which is all it offers
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(root)) {
            tree.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** {@code .NAME.}, the target's name cut to a length that leaves room for the rest. */
    private static String prefix(Path target) {
        String name = target.getFileName().toString();
        return "." + (name.length() > MAX_NAME_IN_TEMPORARY ? name.substring(0, MAX_NAME_IN_TEMPORARY) : name) + ".";
    }

    private static String random() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}

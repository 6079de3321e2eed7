package org.perturba.experiment.run;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a second run out of a folder that a live run uses. The lock is the operating system's lock
 * on {@link #FILE}, which dies with its process, so a lock left by a killed run is stale by itself
 * and simply taken over. The file (kept after the run: deleting it would let two runs lock two
 * different files of the same name) says who holds it, for the message another run gives.
 * <p>
 * The operating system's lock belongs to the process, and on Linux closing any channel on the file
 * releases it: so this process never opens the file of a folder it holds, but remembers its own holds.
 */
final class RunLock implements AutoCloseable {
    static final String FILE = ".lock";
    private static final String IN_USE = ": in use by another Perturba run";
    /** The folders this process holds, with their holder's description. */
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws IOException when another run, in this process or another, holds the folder */
    static synchronized RunLock acquire(Path folder) throws IOException {
        Path key = folder.toRealPath();
        if (HELD.containsKey(key)) {
            throw new IOException(folder + IN_USE + " (" + HELD.get(key) + ")");
        }
        Path file = folder.resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new IOException(folder + IN_USE + holder(file));
            }
            String holder = "pid " + ProcessHandle.current().pid() + " on " + host() + ", since " + Instant.now();
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            HELD.put(key, holder);
            return new RunLock(key, channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The lock, or null when held elsewhere (by another process; or by another channel of this one, which Java reports otherwise). */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static String holder(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() || text.contains("\n") ? "" : " (" + text + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "an unnamed host";
        }
    }

    @Override
    public void close() throws IOException {
        try (channel) {
            lock.release();
        } finally {
            HELD.remove(folder);
        }
    }
}

package org.perturba.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.perturba.imaging.ResourceLimits;
import org.perturba.imaging.ResourceLimits.Limit;

/**
 * Checks a model zip before DL4J opens it, because model files come from other people: only the
 * entries a Perturba model holds (the network configuration as JSON, the weights and the updater
 * state as ND4J binary arrays) are accepted, so nothing in the file is ever deserialised as a Java
 * object; names that could leave a folder are refused; and the content is measured while it is
 * decompressed, so that a small file that inflates to gigabytes (a zip bomb) is refused early: an
 * entry that declares too large a size before inflating, any other as soon as it inflates past the
 * {@link Limit#MAX_DECOMPRESSED_BYTES} cap. The file's own size is capped by {@link Limit#MAX_FILE_BYTES}.
 */
public final class ModelArchive {
    private static final List<String> REQUIRED = List.of("configuration.json", "coefficients.bin");
    private static final Set<String> ALLOWED = Set.of("configuration.json", "coefficients.bin", "updaterState.bin");

    private ModelArchive() {
    }

    /** @throws IOException naming the file and the first problem, in one line */
    public static void check(Path zip, ResourceLimits limits) throws IOException {
        if (Files.size(zip) > limits.get(Limit.MAX_FILE_BYTES)) {
            throw new IOException(zip + ": refused: " + limits.exceeded(Limit.MAX_FILE_BYTES, Files.size(zip) + " bytes on disk"));
        }
        long maxBytes = limits.get(Limit.MAX_DECOMPRESSED_BYTES);
        Set<String> seen = new HashSet<>();
        long total = 0;
        byte[] buffer = new byte[1 << 16];
        // the central directory, as DL4J's ZipFile sees it, not the local headers a stream would walk
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                String name = entry.getName();
                if (name.startsWith("/") || name.startsWith("\\") || name.contains("..") || name.contains(":")) {
                    throw new IOException(zip + ": refused: the entry '" + name + "' could write outside a folder");
                }
                if (!ALLOWED.contains(name)) {
                    throw new IOException(zip + ": refused: unexpected entry '" + name + "' (a model holds only "
                            + String.join(", ", ALLOWED.stream().sorted().toList()) + ")");
                }
                if (!seen.add(name)) {
                    throw new IOException(zip + ": refused: the entry '" + name + "' appears twice");
                }
                if (entry.getSize() > maxBytes - total) { // declared sizes may lie, so drain() counts as well
                    throw tooLarge(zip, limits, "its entries declare " + (total + entry.getSize()) + " bytes");
                }
                try (InputStream in = file.getInputStream(entry)) {
                    total += drain(in, buffer, maxBytes - total, zip, limits);
                }
            }
        } catch (ZipException e) {
            throw new IOException(zip + ": not a readable model zip (" + e.getMessage() + ")", e);
        }
        for (String name : REQUIRED) {
            if (!seen.contains(name)) {
                throw new IOException(zip + ": not a model zip: it has no " + name);
            }
        }
    }

    /** Reads one entry to its end, failing as soon as it goes past what is left of the budget. */
    private static long drain(InputStream entry, byte[] buffer, long budget, Path zip, ResourceLimits limits)
            throws IOException {
        long read = 0;
        for (int n = entry.read(buffer); n >= 0; n = entry.read(buffer)) {
            read += n;
            if (read > budget) {
                throw tooLarge(zip, limits, "it decompresses to at least "
                        + (limits.get(Limit.MAX_DECOMPRESSED_BYTES) - budget + read) + " bytes");
            }
        }
        return read;
    }

    private static IOException tooLarge(Path zip, ResourceLimits limits, String found) {
        return new IOException(zip + ": refused: " + limits.exceeded(Limit.MAX_DECOMPRESSED_BYTES, found));
    }
}

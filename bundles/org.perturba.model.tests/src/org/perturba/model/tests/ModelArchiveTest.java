package org.perturba.model.tests;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.model.ModelArchive;

/** Model zips from strangers: only the expected entries, no escaping names, no zip bombs, one-line errors. */
class ModelArchiveTest {
    private static final byte[] JSON = "{}".getBytes();
    private static final long LIMIT = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void acceptsTheEntriesOfAModel() throws IOException {
        Path zip = zip("good.zip", entries("configuration.json", JSON, "coefficients.bin", new byte[100], "updaterState.bin",
                new byte[10]));
        assertDoesNotThrow(() -> ModelArchive.check(zip, LIMIT));
    }

    @Test
    void refusesEntriesThatCouldEscapeOrBeDeserialised() throws IOException {
        assertRefused(entries("configuration.json", JSON, "coefficients.bin", JSON, "../evil.sh", JSON), "could write outside");
        assertRefused(entries("configuration.json", JSON, "coefficients.bin", JSON, "/etc/cron.d/x", JSON), "could write outside");
        assertRefused(entries("configuration.json", JSON, "coefficients.bin", JSON, "normalizer.bin", JSON),
                "unexpected entry 'normalizer.bin'");
        assertRefused(entries("configuration.json", JSON), "it has no coefficients.bin");
    }

    @Test
    void refusesAZipBombWhileDecompressing() throws IOException {
        // 16 MiB of zeros compress to a few KiB: the header would not tell
        Path zip = zip("bomb.zip", entries("configuration.json", JSON, "coefficients.bin", new byte[16 << 20]));
        assertTrue(Files.size(zip) < LIMIT / 10, "the bomb is small on disk");
        IOException e = assertThrows(IOException.class, () -> ModelArchive.check(zip, LIMIT));
        assertTrue(e.getMessage().contains("decompresses to more than the limit"), e.getMessage());
    }

    @Test
    void refusesFilesThatAreNotZips() throws IOException {
        Path garbage = dir.resolve("garbage.zip");
        Files.write(garbage, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        IOException e = assertThrows(IOException.class, () -> ModelArchive.check(garbage, LIMIT));
        assertTrue(e.getMessage().startsWith(garbage.toString()) && !e.getMessage().contains("\n"), e.getMessage());
    }

    private void assertRefused(Map<String, byte[]> entries, String expected) throws IOException {
        Path zip = zip("bad.zip", entries);
        IOException e = assertThrows(IOException.class, () -> ModelArchive.check(zip, LIMIT), expected);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith(zip.toString()), "names the file: " + e.getMessage());
    }

    private static Map<String, byte[]> entries(Object... namesAndContents) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            entries.put((String) namesAndContents[i], (byte[]) namesAndContents[i + 1]);
        }
        return entries;
    }

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path zip = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return zip;
    }
}

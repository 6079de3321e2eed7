package org.perturba.model.tests;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.imaging.ResourceLimits;
import org.perturba.imaging.ResourceLimits.Limit;
import org.perturba.model.ModelArchive;

/** Model zips from strangers: only the expected entries, no escaping names, no zip bombs, one-line errors. */
class ModelArchiveTest {
    private static final byte[] JSON = "{}".getBytes();
    private static final ResourceLimits LIMIT = ResourceLimits.defaults().with(Limit.MAX_DECOMPRESSED_BYTES, 1 << 20);

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
        assertTrue(Files.size(zip) < (1 << 17), "the bomb is small on disk");
        IOException e = assertThrows(IOException.class, () -> ModelArchive.check(zip, LIMIT));
        assertTrue(e.getMessage().contains("more than the limit of 1048576 (perturba.limit.max-decompressed-bytes)"), e.getMessage());
    }

    @Test
    void refusesAZipBombThatLiesAboutItsSizeWhileInflating() throws IOException {
        Path zip = zip("liar.zip", entries("configuration.json", JSON, "coefficients.bin", new byte[16 << 20]));
        declareSizes(zip, 100);
        IOException e = assertThrows(IOException.class, () -> ModelArchive.check(zip, LIMIT));
        assertTrue(e.getMessage().contains("decompresses to at least") && e.getMessage().contains("perturba.limit.max-decompressed-bytes"),
                e.getMessage());
    }

    @Test
    void decompressedSizeJustUnderAndJustOverTheLimit() throws IOException {
        byte[] weights = new byte[1000];
        Path zip = zip("model.zip", entries("configuration.json", JSON, "coefficients.bin", weights));
        long size = JSON.length + weights.length;
        assertDoesNotThrow(() -> ModelArchive.check(zip, ResourceLimits.defaults().with(Limit.MAX_DECOMPRESSED_BYTES, size)));
        IOException e = assertThrows(IOException.class,
                () -> ModelArchive.check(zip, ResourceLimits.defaults().with(Limit.MAX_DECOMPRESSED_BYTES, size - 1)));
        assertTrue(e.getMessage().contains("declare " + size + " bytes, more than the limit of " + (size - 1)), e.getMessage());
    }

    @Test
    void fileSizeJustUnderAndJustOverTheLimit() throws IOException {
        Path zip = zip("model.zip", entries("configuration.json", JSON, "coefficients.bin", new byte[1000]));
        long size = Files.size(zip);
        assertDoesNotThrow(() -> ModelArchive.check(zip, ResourceLimits.defaults().with(Limit.MAX_FILE_BYTES, size)));
        IOException e = assertThrows(IOException.class,
                () -> ModelArchive.check(zip, ResourceLimits.defaults().with(Limit.MAX_FILE_BYTES, size - 1)));
        assertTrue(e.getMessage().equals(zip + ": refused: " + size + " bytes on disk, more than the limit of " + (size - 1)
                + " (perturba.limit.max-file-bytes)"), e.getMessage());
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

    /** Overwrites the uncompressed size every central-directory record declares, as a forged zip would. */
    private static void declareSizes(Path zip, int size) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(zip)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 46 <= bytes.limit(); i++) {
            if (bytes.getInt(i) == 0x02014b50) {
                bytes.putInt(i + 24, size);
            }
        }
        Files.write(zip, bytes.array());
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

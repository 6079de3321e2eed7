package org.perturba.releng.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** {@code perturba info} and {@code perturba convert} through the headless product's launcher. */
class ImagingCommandsTest {
    private static final Path FIXTURES = BundleManifest.ROOT.resolve("bundles/org.perturba.imaging.tests/data")
            .toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private static ProductRun perturba(String... arguments) throws Exception {
        return ProductRun.run("headless", "perturba", arguments);
    }

    @TestFactory
    Stream<DynamicTest> infoJsonAgreesWithNibabelOnEveryFixture() throws IOException {
        JsonObject golden = JsonParser.parseString(Files.readString(FIXTURES.resolve("golden.json"), StandardCharsets.UTF_8))
                .getAsJsonObject().getAsJsonObject("files");
        return golden.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> {
            JsonObject info = infoJson(FIXTURES.resolve(entry.getKey()));
            assertSameImage(entry.getValue().getAsJsonObject(), info, entry.getKey());
        }));
    }

    @Test
    void infoPrintsAReadableSummary() throws Exception {
        ProductRun run = perturba("info", FIXTURES.resolve("anatomical.nii").toString());
        assertEquals(0, run.exitCode(), run.err());
        for (String expected : new String[] { "NIfTI-1, single file, big-endian", "33 x 41 x 25", "2 x 2 x 2", "int16 (4)",
                "LAS", "min -610, max 30393" }) {
            assertTrue(run.out().contains(expected), expected + " missing from:\n" + run.out());
        }
    }

    @Test
    void aBadFileIsOneLineOnStderrAndExitCodeOne() throws Exception {
        Path valid = FIXTURES.resolve("anatomical.nii");
        byte[] bytes = Files.readAllBytes(valid);
        Map<String, byte[]> cases = Map.of(
                "empty.nii", new byte[0],
                "garbage.nii.gz", new byte[] { 0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7 },
                "truncated.nii", Arrays.copyOf(bytes, bytes.length / 2),
                "text.nii", "not an image at all, just some text that is long enough".repeat(10).getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> bad : cases.entrySet()) {
            Path file = Files.write(dir.resolve(bad.getKey()), bad.getValue());
            assertOneLineError(perturba("info", file.toString()), 1, "perturba: error: " + file + ": ");
        }
        Path missing = dir.resolve("missing.nii");
        assertOneLineError(perturba("info", "--json", missing.toString()), 1, "perturba: error: " + missing + ": no such file");
    }

    @Test
    void convertRewritesAnImageWithItsValuesAndGeometry() throws Exception {
        Path source = FIXTURES.resolve("pair.hdr");
        JsonObject original = infoJson(source);
        for (String[] variant : new String[][] { { "copy.nii.gz" }, { "copy2.nii", "--nifti2" } }) {
            Path out = dir.resolve(variant[0]);
            String[] arguments = Stream.concat(Stream.of("convert", source.toString(), out.toString()),
                    Arrays.stream(variant).skip(1)).toArray(String[]::new);
            ProductRun run = perturba(arguments);
            assertEquals(0, run.exitCode(), run.err());
            JsonObject copy = infoJson(out);
            assertSameImage(original, copy, out.toString());
            assertEquals(variant.length == 2 ? 2 : 1, copy.get("niftiVersion").getAsInt());
            assertTrue(copy.get("singleFile").getAsBoolean());
        }
    }

    @Test
    void convertNeverReplacesAFileUnlessForced() throws Exception {
        Path source = FIXTURES.resolve("scaled_uint8.nii");
        Path out = Files.writeString(dir.resolve("precious.nii"), "keep me");
        assertOneLineError(perturba("convert", source.toString(), out.toString()), 1,
                "perturba: error: " + out + ": already exists (add --force to replace it)");
        assertEquals("keep me", Files.readString(out));
        assertEquals(0, perturba("convert", source.toString(), out.toString(), "--force").exitCode());
        assertSameImage(infoJson(source), infoJson(out), out.toString());
    }

    @Test
    void malformedCommandLinesAreUsageErrors() throws Exception {
        assertEquals(2, perturba("info").exitCode());
        assertEquals("perturba: 'info' needs FILE", perturba("info").err().lines().findFirst().orElse(""));
        ProductRun wrongSuffix = perturba("convert", FIXTURES.resolve("anatomical.nii").toString(), dir.resolve("x.img").toString());
        assertEquals(2, wrongSuffix.exitCode(), wrongSuffix.err());
        assertEquals(2, perturba("convert", "a.nii").exitCode());
    }

    private static JsonObject infoJson(Path file) throws Exception {
        ProductRun run = perturba("info", file.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        return JsonParser.parseString(run.out()).getAsJsonObject();
    }

    private static void assertSameImage(JsonObject expected, JsonObject actual, String what) {
        for (String field : new String[] { "dims", "datatype" }) {
            assertEquals(expected.get(field), actual.get(field), what + " " + field);
        }
        assertArrayEquals(doubles(expected.getAsJsonArray("pixdim")), doubles(actual.getAsJsonArray("pixdim")), 1e-6,
                what + " pixdim");
        JsonArray rows = expected.getAsJsonArray("affine");
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(doubles(rows.get(r).getAsJsonArray()), doubles(actual.getAsJsonArray("affine").get(r)
                    .getAsJsonArray()), 1e-5, what + " affine row " + r);
        }
        assertEquals(expected.get("nonFinite").getAsLong(), actual.get("nonFinite").getAsLong(), what + " nonFinite");
        for (String statistic : new String[] { "min", "max", "mean" }) {
            double value = expected.get(statistic).getAsDouble();
            assertEquals(value, actual.get(statistic).getAsDouble(), Math.abs(value) * 1e-9, what + " " + statistic);
        }
    }

    private static void assertOneLineError(ProductRun run, int exitCode, String prefix) {
        assertEquals(exitCode, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith(prefix), "expected " + prefix + "... but was " + run.err());
        assertEquals("", run.out());
        assertFalse(run.showsStackTrace(), run.err());
    }

    private static double[] doubles(JsonArray array) {
        return array.asList().stream().mapToDouble(JsonElement::getAsDouble).toArray();
    }
}

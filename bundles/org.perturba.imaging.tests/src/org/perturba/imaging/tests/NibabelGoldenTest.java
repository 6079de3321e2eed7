package org.perturba.imaging.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.imaging.Affine;
import org.perturba.imaging.IntensityNormalisation;
import org.perturba.imaging.nifti.ImageStatistics;
import org.perturba.imaging.nifti.NiftiHeader;
import org.perturba.imaging.nifti.NiftiImage;
import org.perturba.imaging.nifti.NiftiReader;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Every committed fixture reads as nibabel reads it: shape, zooms, type, affine, values, statistics. */
class NibabelGoldenTest {
    private static final JsonObject GOLDEN = Fixtures.golden();

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> readsEveryFixtureAsNibabelDoes() {
        return GOLDEN.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(),
                () -> assertMatches(entry.getKey(), entry.getValue().getAsJsonObject())));
    }

    @Test
    void coversTheCasesARealReaderMeets() {
        List<String> expected = List.of("anatomical.nii", "big_endian_float64.nii", "example_nifti2.nii.gz",
                "extensions.nii", "nan_inf.nii", "nifti2_int64.nii.gz", "oblique_sform.nii.gz", "pair.hdr",
                "permuted_axes.nii.gz", "qform_qfac_negative.nii", "scaled_uint8.nii", "single_frame_4d.nii",
                "timeseries_4d.nii.gz");
        assertEquals(expected, GOLDEN.keySet().stream().sorted().toList());
    }

    @Test
    void percentilesAgreeWithNumpy() throws IOException {
        NiftiImage image = new NiftiReader().read(Fixtures.copy("anatomical.nii", dir));
        JsonObject expected = GOLDEN.getAsJsonObject("anatomical.nii").getAsJsonObject("percentiles");
        for (Map.Entry<String, JsonElement> percentile : expected.entrySet()) {
            double actual = IntensityNormalisation.percentiles(image.toVolume().voxels(), false,
                    Double.parseDouble(percentile.getKey()))[0];
            assertEquals(percentile.getValue().getAsDouble(), actual, 1e-6, "percentile " + percentile.getKey());
        }
    }

    private void assertMatches(String name, JsonObject expected) throws IOException {
        Path file = Fixtures.copy(name, dir);
        NiftiImage image = new NiftiReader().read(file);
        NiftiHeader header = image.header();
        NiftiHeader alone = new NiftiReader().readHeader(file);
        assertArrayEquals(header.shape(), alone.shape(), "header-only shape");
        assertTrue(header.affine().equals(alone.affine(), 0), "header-only affine");
        assertArrayEquals(longs(expected.getAsJsonArray("dims")), header.shape(), "dims");
        assertArrayEquals(doubles(expected.getAsJsonArray("pixdim")), header.zooms(), 1e-6, "pixdim");
        assertEquals(expected.get("datatype").getAsInt(), header.dataType().code(), "datatype");
        assertEquals(expected.get("niftiVersion").getAsInt(), header.version(), "NIfTI version");
        assertEquals(expected.get("byteOrder").getAsString().equals("big") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
                header.byteOrder(), "byte order");
        Affine affine = new Affine(matrix(expected.getAsJsonArray("affine")));
        assertTrue(affine.equals(header.affine(), 1e-5), "affine\n" + header.affine() + "\nnibabel\n" + affine);
        assertEquals(expected.get("orientation").getAsString(), header.affine().orientation(), "orientation");
        long[] shape = header.shape();
        for (JsonElement sample : expected.getAsJsonArray("samples")) {
            long[] index = longs(sample.getAsJsonObject().getAsJsonArray("index"));
            double value = sample.getAsJsonObject().get("value").getAsDouble();
            assertEquals(value, image.value(flatIndex(index, shape)), Math.abs(value) * 1e-12, "voxel " + sample);
        }
        ImageStatistics statistics = ImageStatistics.of(image);
        assertEquals(expected.get("nonFinite").getAsLong(), statistics.nonFinite(), "non-finite voxels");
        assertEquals(expected.get("min").getAsDouble(), statistics.min(), 0, "min");
        assertEquals(expected.get("max").getAsDouble(), statistics.max(), 0, "max");
        double mean = expected.get("mean").getAsDouble();
        assertEquals(mean, statistics.mean(), Math.abs(mean) * 1e-9 + 1e-12, "mean");
    }

    /** Position of a voxel in NIfTI storage order (first index fastest). */
    private static int flatIndex(long[] index, long[] shape) {
        long flat = 0;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            flat = flat * shape[axis] + index[axis];
        }
        return Math.toIntExact(flat);
    }

    private static long[] longs(JsonArray array) {
        return array.asList().stream().mapToLong(JsonElement::getAsLong).toArray();
    }

    private static double[] doubles(JsonArray array) {
        return array.asList().stream().mapToDouble(JsonElement::getAsDouble).toArray();
    }

    private static double[][] matrix(JsonArray rows) {
        return rows.asList().stream().map(row -> doubles(row.getAsJsonArray())).toArray(double[][]::new);
    }
}

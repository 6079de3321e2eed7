package org.perturba.anatomy.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.Test;
import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.ContextFeatures;
import org.perturba.anatomy.DifferentiableContextExtractor;
import org.perturba.anatomy.LabelMap;
import org.perturba.anatomy.segmentation.SegmentedVolumeExtractor;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;

/**
 * {@code segmented-volumes} through a small analytic segmenter, every derivative against central
 * finite differences. Images hold multiples of {@code H} and steps are small integer multiples of
 * it, so every perturbed image is exact in float and the differences are accurate in double.
 */
class SegmentedVolumeExtractorTest {
    private static final int[] GRID = { 5, 4, 3 };
    private static final Affine AFFINE = Affine.diagonal(1.5, 2, 2.5);
    private static final double VOXEL_MM3 = 1.5 * 2 * 2.5;
    private static final List<String> REGIONS = List.of("ventricles", "grey-matter", "white-matter");
    private static final double H = 0x1p-13;
    /** Along a direction that moves every voxel, the O(h²) error of a central difference needs a smaller step. */
    private static final double DIRECTION_STEP = H / 8;
    private static final double TOLERANCE = 1e-6;

    private final Random random = new Random(19);
    private final NeighbourhoodSoftmaxSegmenter segmenter = new NeighbourhoodSoftmaxSegmenter(REGIONS, GRID,
            new double[][] { { -3, -2, 1.5 }, { -4, 1, 1 }, { 2, 1.5, -1 }, { 4, 2, -3 } });
    private final DifferentiableContextExtractor extractor = new SegmentedVolumeExtractor().using(segmenter);
    private final Volume image = image();

    @Test
    void theTestSegmentersProductMatchesFiniteDifferences() {
        double[][] cotangent = new double[REGIONS.size() + 1][];
        for (int k = 0; k < cotangent.length; k++) {
            cotangent[k] = gaussians(image.voxelCount());
        }
        ToDoubleFunction<Volume> weighted = volume -> {
            double[][] probabilities = segmenter.probabilities(volume);
            double sum = 0;
            for (int k = 0; k < probabilities.length; k++) {
                sum += dot(cotangent[k], probabilities[k]);
            }
            return sum;
        };
        double[] gradient = segmenter.vectorJacobianProduct(image, cotangent);
        assertMatchesVoxelByVoxel(weighted, gradient);
    }

    @Test
    void measuresSoftVolumesInCubicMillimetresAndFractionsOfTheIntracranialVolume()
            throws ContextExtractionException {
        ContextFeatures features = extractor.extract(image, Optional.empty());
        List<String> names = new ArrayList<>();
        REGIONS.forEach(region -> names.add("volume:" + region));
        REGIONS.forEach(region -> names.add("fraction:" + region));
        assertEquals(names, features.names());

        double[][] probabilities = segmenter.probabilities(image);
        double icv = 0;
        for (int r = 0; r < REGIONS.size(); r++) {
            double volume = VOXEL_MM3 * sum(probabilities[r + 1]);
            assertEquals(volume, features.value("volume:" + REGIONS.get(r)), 1e-9 * volume);
            icv += volume;
        }
        assertTrue(icv < VOXEL_MM3 * image.voxelCount(), "the background is not intracranial");
        for (String region : REGIONS) {
            assertEquals(features.value("volume:" + region) / icv, features.value("fraction:" + region), 1e-12);
        }
    }

    @Test
    void segmentsAnImageOnceForItsFeaturesAndTheirProduct() throws ContextExtractionException {
        double[] features = extractor.extract(image, Optional.empty()).values();
        int measured = segmenter.measurements();
        Volume same = image.withVoxels(image.voxels().clone());
        double[] gradient = extractor.vectorJacobianProduct(same, Optional.empty(), new double[] { 1, 0, 0, 0, 1, 0 });
        assertEquals(measured, segmenter.measurements(), "the same voxel values: their volumes are remembered");
        assertArrayEquals(features, extractor.extract(same, Optional.empty()).values());
        Volume other = shifted(image, gradient, 1e-3);
        assertNotEquals(features[0], extractor.extract(other, Optional.empty()).values()[0]);
        assertEquals(measured + 1, segmenter.measurements(), "other voxel values are measured");
    }

    @Test
    void ignoresLabelMaps() throws ContextExtractionException {
        LabelMap labels = new LabelMap(Volume.zeros(GRID, AFFINE), Map.of());
        assertArrayEquals(extractor.extract(image, Optional.empty()).values(),
                extractor.extract(image, Optional.of(labels)).values());
    }

    @Test
    void jacobianVectorProductMatchesFiniteDifferences() throws ContextExtractionException {
        double[] tangent = new double[image.voxelCount()];
        for (int v = 0; v < tangent.length; v++) {
            tangent[v] = random.nextInt(7) - 3;
        }
        double[] plus = extractor.extract(shifted(image, tangent, DIRECTION_STEP), Optional.empty()).values();
        double[] minus = extractor.extract(shifted(image, tangent, -DIRECTION_STEP), Optional.empty()).values();
        double[] exact = extractor.jacobianVectorProduct(image, Optional.empty(), tangent);
        List<String> names = extractor.extract(image, Optional.empty()).names();
        for (int f = 0; f < exact.length; f++) {
            double numeric = (plus[f] - minus[f]) / (2 * DIRECTION_STEP);
            assertEquals(numeric, exact[f], TOLERANCE * Math.max(1e-3, Math.abs(numeric)), names.get(f));
        }
    }

    @Test
    void vectorJacobianProductMatchesFiniteDifferences() throws ContextExtractionException {
        double[] cotangent = gaussians(2 * REGIONS.size());
        ToDoubleFunction<Volume> weighted = volume -> {
            try {
                return dot(cotangent, extractor.extract(volume, Optional.empty()).values());
            } catch (ContextExtractionException e) {
                throw new AssertionError(e);
            }
        };
        assertMatchesVoxelByVoxel(weighted, extractor.vectorJacobianProduct(image, Optional.empty(), cotangent));
    }

    @Test
    void vectorJacobianProductOfAFractionAloneMatchesFiniteDifferences() throws ContextExtractionException {
        // a fraction's gradient is mostly its ICV term: a wrong ICV derivative fails here first
        double[] cotangent = new double[2 * REGIONS.size()];
        cotangent[REGIONS.size() + 1] = 1;
        ToDoubleFunction<Volume> fraction = volume -> {
            try {
                return extractor.extract(volume, Optional.empty()).value("fraction:grey-matter");
            } catch (ContextExtractionException e) {
                throw new AssertionError(e);
            }
        };
        assertMatchesVoxelByVoxel(fraction, extractor.vectorJacobianProduct(image, Optional.empty(), cotangent));
    }

    @Test
    void withoutASegmenterItSaysSoInOneLine() {
        ContextExtractionException error = assertThrows(ContextExtractionException.class,
                () -> new SegmentedVolumeExtractor().extract(image, Optional.empty()));
        assertTrue(error.getMessage().contains("segmenter"), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), error.getMessage());
    }

    @Test
    void refusesAnImageOnAnotherGridInOneLine() {
        Volume other = Volume.zeros(new int[] { 5, 4, 4 }, AFFINE);
        for (var call : List.<Extraction>of(
                () -> extractor.extract(other, Optional.empty()),
                () -> extractor.jacobianVectorProduct(other, Optional.empty(), new double[other.voxelCount()]),
                () -> extractor.vectorJacobianProduct(other, Optional.empty(), new double[2 * REGIONS.size()]))) {
            ContextExtractionException error = assertThrows(ContextExtractionException.class, call::run);
            assertEquals("the segmenter works on a 5x4x3 grid, the image is 5x4x4: resample the image to the "
                    + "segmenter's grid", error.getMessage());
        }
    }

    private interface Extraction {
        void run() throws ContextExtractionException;
    }

    /** Every voxel's component of {@code gradient} against a central difference of {@code function}. */
    private void assertMatchesVoxelByVoxel(ToDoubleFunction<Volume> function, double[] gradient) {
        double scale = 0;
        for (double component : gradient) {
            scale = Math.max(scale, Math.abs(component));
        }
        assertTrue(scale > 0, "a gradient of zeros proves nothing");
        for (int v = 0; v < gradient.length; v++) {
            double[] step = new double[gradient.length];
            step[v] = 1;
            double numeric = (function.applyAsDouble(shifted(image, step, H))
                    - function.applyAsDouble(shifted(image, step, -H))) / (2 * H);
            assertEquals(numeric, gradient[v], TOLERANCE * scale, "voxel " + v);
        }
    }

    /** Intensities in [0.1, 0.9], multiples of H. */
    private Volume image() {
        Volume volume = Volume.zeros(GRID, AFFINE);
        float[] voxels = volume.voxels();
        for (int v = 0; v < voxels.length; v++) {
            voxels[v] = (float) (Math.round((0.1 + 0.8 * random.nextDouble()) / H) * H);
        }
        return volume;
    }

    private static Volume shifted(Volume volume, double[] direction, double scale) {
        float[] voxels = volume.voxels().clone();
        for (int v = 0; v < voxels.length; v++) {
            voxels[v] += (float) (scale * direction[v]);
        }
        return volume.withVoxels(voxels);
    }

    private double[] gaussians(int length) {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextGaussian();
        }
        return values;
    }

    private static double sum(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}

package org.perturba.model.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.anatomy.FeatureStandardisation;
import org.perturba.anatomy.LabelMap;
import org.perturba.anatomy.tissue.SoftTissueVolumeExtractor;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;
import org.perturba.model.GraphBrainAgeModel;
import org.perturba.model.InputGradients;
import org.perturba.model.ModelInput;
import org.perturba.model.ModelMetadata;
import org.perturba.model.ModelMetadata.ContextSpec;
import org.perturba.model.hybrid.ExtractedContextPath;
import org.perturba.model.hybrid.HybridModelFactory;

/**
 * The context path of a hybrid model with soft-tissue-volumes context: features as the extractor and
 * standardisation give them, and the total image gradient (CNN path + back-propagation through the
 * context path) equal to central finite differences of age(image -> context -> model), in double
 * precision.
 */
class ExtractedContextPathTest {
    private static final int[] GRID = { 16, 16, 16 };
    /** Image values are multiples of 2^-10 and the step is 2^-16: x +- step is exact in float voxels. */
    private static final double STEP = Math.scalb(1.0, -16);
    private static final double TOLERANCE = 1e-4;
    private static final Volume TEMPLATE = Volume.zeros(GRID, Affine.diagonal(1.5, 1.5, 1.5));
    private static final FeatureStandardisation STANDARDISATION = FeatureStandardisation.of(
            List.of("tissue:left", "tissue:right", "fluid:labelled-brain"), new double[] { 900, 900, 1200 },
            new double[] { 30, 30, 40 });

    private final Random random = new Random(17);

    @Test
    void totalImageGradientMatchesFiniteDifferencesThroughTheContextPath() {
        GraphBrainAgeModel model = ((GraphBrainAgeModel) new HybridModelFactory().create(metadata())).inDoublePrecision();
        INDArray images = heads(2);
        ExtractedContextPath path = path(2);
        InputGradients gradients = model.ageGradients(ModelInput.withContextPath(images, path));
        INDArray throughContext = path.backpropagate(images, gradients.context().orElseThrow());
        INDArray total = gradients.images().add(throughContext);
        double largestContextShare = 0;
        for (int sample = 0; sample < 16; sample++) {
            int example = sample % 2;
            long[] voxel = { example, 0, 4 + random.nextInt(8), 4 + random.nextInt(8), 4 + random.nextInt(8) };
            double saved = images.getDouble(voxel);
            images.putScalar(voxel, saved + STEP);
            double plus = model.predictAges(ModelInput.withContextPath(images, path))[example];
            images.putScalar(voxel, saved - STEP);
            double minus = model.predictAges(ModelInput.withContextPath(images, path))[example];
            images.putScalar(voxel, saved);
            double numeric = (plus - minus) / (2 * STEP);
            double exact = total.getDouble(voxel);
            double scale = Math.max(Math.abs(numeric), Math.abs(exact));
            assertTrue(Math.abs(numeric - exact) <= TOLERANCE * scale + 1e-9,
                    "voxel " + Arrays.toString(voxel) + ": finite differences " + numeric + ", total gradient " + exact);
            largestContextShare = Math.max(largestContextShare, Math.abs(throughContext.getDouble(voxel)) / scale);
        }
        assertTrue(largestContextShare > 0.01,
                "the context path must matter for this check to mean anything: share " + largestContextShare);
    }

    @Test
    void featuresAreTheStandardisedExtractorFeaturesOfEachImage() throws Exception {
        INDArray images = heads(2);
        INDArray features = path(2).features(images);
        assertArrayEquals(new long[] { 2, 3 }, features.shape());
        assertEquals(DataType.DOUBLE, features.dataType());
        float[] voxels = new float[GRID[0] * GRID[1] * GRID[2]];
        int index = 0;
        for (int z = 0; z < GRID[2]; z++) {
            for (int y = 0; y < GRID[1]; y++) {
                for (int x = 0; x < GRID[0]; x++, index++) {
                    voxels[index] = (float) images.getDouble(1, 0, x, y, z);
                }
            }
        }
        double[] expected = STANDARDISATION.apply(new SoftTissueVolumeExtractor().extract(TEMPLATE.withVoxels(voxels),
                Optional.of(labels())));
        assertArrayEquals(expected, features.getRow(1).toDoubleVector(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> path(3).features(images), "one label map per image");
        assertThrows(IllegalArgumentException.class, () -> ModelInput.withContextPath(images, path(2)).withImages(images)
                .contextPath().orElseThrow().backpropagate(images, Nd4j.zeros(DataType.DOUBLE, 2, 4)));
    }

    private static ExtractedContextPath path(int n) {
        List<Optional<LabelMap>> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels.add(Optional.of(labels()));
        }
        return new ExtractedContextPath(new SoftTissueVolumeExtractor(), labels, TEMPLATE, STANDARDISATION);
    }

    /** Heads of intensities k / 1024 around the soft-tissue threshold, exactly 0 outside. */
    private static INDArray heads(int n) {
        Random values = new Random(2);
        INDArray images = Nd4j.zeros(DataType.DOUBLE, n, 1, GRID[0], GRID[1], GRID[2]);
        for (int example = 0; example < n; example++) {
            for (int x = 0; x < GRID[0]; x++) {
                for (int y = 0; y < GRID[1]; y++) {
                    for (int z = 0; z < GRID[2]; z++) {
                        if (inHead(x, y, z)) {
                            images.putScalar(new long[] { example, 0, x, y, z }, (250 + values.nextInt(200)) / 1024.0);
                        }
                    }
                }
            }
        }
        return images;
    }

    /** Left (1) and right (2) halves of the head. */
    private static LabelMap labels() {
        float[] voxels = new float[GRID[0] * GRID[1] * GRID[2]];
        int index = 0;
        for (int z = 0; z < GRID[2]; z++) {
            for (int y = 0; y < GRID[1]; y++) {
                for (int x = 0; x < GRID[0]; x++, index++) {
                    voxels[index] = inHead(x, y, z) ? (x < GRID[0] / 2 ? 1 : 2) : 0;
                }
            }
        }
        return new LabelMap(TEMPLATE.withVoxels(voxels), Map.of(1, "left", 2, "right"));
    }

    private static boolean inHead(int x, int y, int z) {
        return Math.pow(x - 7.5, 2) + Math.pow(y - 7.5, 2) + Math.pow(z - 7.5, 2) <= 42;
    }

    private static ModelMetadata metadata() {
        return new ModelMetadata("hybrid", GRID, "none", 55, 12,
                Optional.of(new ContextSpec("soft-tissue-volumes", STANDARDISATION)), 9, "");
    }
}

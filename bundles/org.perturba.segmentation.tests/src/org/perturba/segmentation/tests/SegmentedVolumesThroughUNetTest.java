package org.perturba.segmentation.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.DifferentiableContextExtractor;
import org.perturba.anatomy.segmentation.SegmentedVolumeExtractor;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;
import org.perturba.segmentation.SegmenterMetadata;
import org.perturba.segmentation.UNetSegmenter;

/**
 * The whole chain an adaptive attacker follows: {@code segmented-volumes} (soft volumes and their
 * fractions of the intracranial volume) measured through the U-Net, its vector-Jacobian product
 * against central finite differences of the features, in double precision. Voxels are multiples of
 * 2⁻¹³ and the step is 2⁻²⁰, so every perturbed image is exact in a {@link Volume}'s floats.
 */
class SegmentedVolumesThroughUNetTest {
    private static final int[] GRID = { 16, 16, 16 };
    /** Small: the network's ReLUs and max pooling have kinks, which make the differences' error first order in the step. */
    private static final double STEP = 1.0 / (1 << 20);

    @Test
    void vectorJacobianProductMatchesFiniteDifferencesOfTheFeatures() throws ContextExtractionException {
        UNetSegmenter segmenter = UNetSegmenter.create(new SegmenterMetadata(GRID, "test", List.of("a", "b", "c"), "none", 4, "none"))
                .inDoublePrecision();
        DifferentiableContextExtractor extractor = new SegmentedVolumeExtractor().using(segmenter);
        Random random = new Random(17);
        float[] voxels = new float[GRID[0] * GRID[1] * GRID[2]];
        float[] direction = new float[voxels.length];
        for (int v = 0; v < voxels.length; v++) {
            voxels[v] = (float) ((1 + random.nextInt((1 << 13) - 2)) / (double) (1 << 13));
            direction[v] = random.nextBoolean() ? 1 : -1;
        }
        Volume image = new Volume(GRID, Affine.diagonal(2, 2, 2), voxels);
        int features = extractor.extract(image, Optional.empty()).values().length;
        assertEquals(6, features, "a volume and a fraction per region");
        for (int trial = 0; trial < 2; trial++) {
            double[] cotangent = random.doubles(features, -1, 1).toArray();
            cotangent[0] *= 1e-3; // volumes are in mm³, fractions near 1/3: weigh both into the product
            double[] gradient = extractor.vectorJacobianProduct(image, Optional.empty(), cotangent);
            double predicted = 0;
            for (int v = 0; v < gradient.length; v++) {
                predicted += gradient[v] * direction[v];
            }
            double numeric = (weighted(extractor, moved(image, direction, STEP), cotangent)
                    - weighted(extractor, moved(image, direction, -STEP), cotangent)) / (2 * STEP);
            assertTrue(Math.abs(predicted) > 1e-6, "a gradient to check");
            assertEquals(numeric, predicted, 1e-4 * Math.abs(numeric), "trial " + trial);
        }
    }

    private static Volume moved(Volume image, float[] direction, double step) {
        float[] voxels = image.voxels().clone(); // a Volume hands out its own array
        for (int v = 0; v < voxels.length; v++) {
            voxels[v] += (float) (step * direction[v]);
        }
        return image.withVoxels(voxels);
    }

    private static double weighted(DifferentiableContextExtractor extractor, Volume image, double[] cotangent)
            throws ContextExtractionException {
        double[] values = extractor.extract(image, Optional.empty()).values();
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += cotangent[i] * values[i];
        }
        return sum;
    }
}

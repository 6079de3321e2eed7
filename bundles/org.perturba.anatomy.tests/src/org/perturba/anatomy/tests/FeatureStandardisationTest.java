package org.perturba.anatomy.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.perturba.anatomy.ContextFeatures;
import org.perturba.anatomy.FeatureStandardisation;

class FeatureStandardisationTest {
    private final List<ContextFeatures> training = List.of(
            new ContextFeatures(List.of("ventricles", "hippocampus", "constant"), new double[] { 10, 4, 7 }),
            new ContextFeatures(List.of("ventricles", "hippocampus", "constant"), new double[] { 30, 2, 7 }),
            new ContextFeatures(List.of("ventricles", "constant", "rare"), new double[] { 20, 7, 3 }));

    @Test
    void zScoresWithTrainingStatisticsAlignedByName() {
        FeatureStandardisation standardisation = FeatureStandardisation.fit(training);
        assertEquals(List.of("ventricles", "hippocampus", "constant", "rare"), standardisation.names());
        double[] sums = new double[4];
        double[] squares = new double[4];
        for (ContextFeatures features : training) {
            double[] z = standardisation.apply(features);
            for (int i = 0; i < z.length; i++) {
                sums[i] += z[i];
                squares[i] += z[i] * z[i];
            }
        }
        assertArrayEquals(new double[4], sums, 1e-12, "mean 0 on the training split");
        assertArrayEquals(new double[] { 3, 3, 0, 3 }, squares, 1e-12, "variance 1, constant features 0");
        // the third subject lacks a hippocampus: it counted as 0, the mean is 2
        double sd = Math.sqrt((4 + 0 + 4) / 3.0);
        assertEquals((4 - 2) / sd, standardisation.apply(training.get(0))[1], 1e-12);
        assertEquals(1 / sd, standardisation.derivatives()[1], 1e-12);
        assertEquals(0, standardisation.derivatives()[2]);
    }

    @Test
    void featuresUnseenInTrainingAreLeftOutAndAnEmptySplitIsRefused() {
        FeatureStandardisation standardisation = FeatureStandardisation.fit(training);
        double[] z = standardisation.apply(new ContextFeatures(List.of("new-region", "ventricles"), new double[] { 99, 20 }));
        assertEquals(4, z.length);
        assertEquals(0, z[0], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> FeatureStandardisation.fit(List.of()));
    }
}

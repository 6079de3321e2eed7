package org.perturba.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.perturba.anatomy.FeatureStandardisation;
import org.perturba.model.ModelMetadata;
import org.perturba.model.ModelMetadata.ContextSpec;

/**
 * Metadata is stored as JSON, which has no NaN or Infinity: such values never make a metadata record;
 * nor do a normalisation no image can be prepared by or a grid no network can read.
 */
class ModelMetadataTest {
    private static String refusal(double ageMean, double ageScale, Optional<ContextSpec> context) {
        return assertThrows(IllegalArgumentException.class, () -> new ModelMetadata("conventional", new int[] { 4, 4, 4 },
                "robust-percentiles 0.5 99.5 foreground", ageMean, ageScale, context, 1, "")).getMessage();
    }

    @Test
    void refusesAnUnknownNormalisationOrAnEmptyGrid() {
        assertEquals("normalisation 'robust-percentiles' is not one of: none, min-max, z-score, robust-percentiles LOW HIGH [foreground]"
                + " (e.g. robust-percentiles 0.5 99.5 foreground)", assertThrows(IllegalArgumentException.class,
                        () -> new ModelMetadata("conventional", new int[] { 4, 4, 4 }, "robust-percentiles", 50, 10, Optional.empty(), 1,
                                "")).getMessage());
        assertEquals("a grid is three positive sizes, not [4, 0, 4]", assertThrows(IllegalArgumentException.class,
                () -> new ModelMetadata("conventional", new int[] { 4, 0, 4 }, "none", 50, 10, Optional.empty(), 1, "")).getMessage());
    }

    @Test
    void refusesANonFiniteAgeScaling() {
        // ages of 1e300 once trained to "ageScale": Infinity in a model's .json, which no JSON reader accepts
        assertEquals("ageScale must be a finite number > 0, not Infinity", refusal(50, Double.POSITIVE_INFINITY, Optional.empty()));
        assertEquals("ageScale must be a finite number > 0, not NaN", refusal(50, Double.NaN, Optional.empty()));
        assertEquals("ageScale must be a finite number > 0, not 0.0", refusal(50, 0, Optional.empty()));
        assertEquals("ageMean must be a finite number, not -Infinity", refusal(Double.NEGATIVE_INFINITY, 1, Optional.empty()));
    }

    @Test
    void refusesNonFiniteContextStatistics() {
        ContextSpec context = new ContextSpec("label-volumes", FeatureStandardisation.of(List.of("grey", "white"),
                new double[] { 1, Double.NaN }, new double[] { 1, 2 }));
        assertEquals("context feature 'white' has mean NaN and deviation 2.0: both must be finite",
                refusal(50, 10, Optional.of(context)));
    }
}

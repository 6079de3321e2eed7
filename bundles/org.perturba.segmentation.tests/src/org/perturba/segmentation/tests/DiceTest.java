package org.perturba.segmentation.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.perturba.segmentation.SegmenterEvaluation;

/** Dice on arrays small enough to count by hand. */
class DiceTest {

    @Test
    void countsOverlapAgainstBothSizes() {
        byte[] truth = { 0, 1, 1, 1, 2, 2, 0, 0 };
        byte[] predicted = { 0, 1, 1, 2, 2, 0, 0, 1 };
        assertEquals(2.0 * 2 / (3 + 3), SegmenterEvaluation.dice(predicted, truth, 1), 1e-12);
        assertEquals(2.0 * 1 / (2 + 2), SegmenterEvaluation.dice(predicted, truth, 2), 1e-12);
        assertEquals(1.0, SegmenterEvaluation.dice(truth, truth, 1), 1e-12);
        assertEquals(0.0, SegmenterEvaluation.dice(new byte[] { 0, 0 }, new byte[] { 1, 1 }, 1), 1e-12);
        assertTrue(Double.isNaN(SegmenterEvaluation.dice(truth, truth, 3)), "a region neither has is undefined");
    }
}

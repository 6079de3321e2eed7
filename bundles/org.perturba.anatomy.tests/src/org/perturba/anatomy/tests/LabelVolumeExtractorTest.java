package org.perturba.anatomy.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.ContextFeatures;
import org.perturba.anatomy.LabelMap;
import org.perturba.anatomy.labels.LabelFractionExtractor;
import org.perturba.anatomy.labels.LabelVolumeExtractor;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;

class LabelVolumeExtractorTest {
    private static final int[] SHAPE = { 4, 3, 2 };
    private static final double[] SPACING = { 2, 1, 1.5 }; // 3 mm³ per voxel

    private final LabelVolumeExtractor extractor = new LabelVolumeExtractor();
    private final Volume image = Volume.zeros(SHAPE, Affine.diagonal(SPACING));

    @Test
    void measuresEveryNonZeroLabelInCubicMillimetres() throws ContextExtractionException {
        Volume labels = Volume.zeros(SHAPE, Affine.diagonal(SPACING));
        labels.set(0, 0, 0, 7);
        labels.set(1, 0, 0, 7);
        labels.set(3, 2, 1, 7);
        labels.set(2, 1, 1, 2);
        ContextFeatures features = extractor.extract(image, Optional.of(LabelMap.unnamed(labels)));
        assertEquals(List.of("label-2", "label-7"), features.names());
        assertArrayEquals(new double[] { 3.0, 9.0 }, features.values(), 1e-12);
        assertEquals(9.0, features.value("label-7"), 1e-12);
    }

    @Test
    void needsALabelMap() {
        ContextExtractionException error = assertThrows(ContextExtractionException.class,
                () -> extractor.extract(image, Optional.empty()));
        assertTrue(error.getMessage().contains("needs a label map"), error.getMessage());
    }

    @Test
    void rejectsALabelMapOnAnotherGrid() {
        Volume labels = Volume.zeros(new int[] { 4, 3, 3 }, Affine.diagonal(SPACING));
        ContextExtractionException error = assertThrows(ContextExtractionException.class,
                () -> extractor.extract(image, Optional.of(LabelMap.unnamed(labels))));
        assertTrue(error.getMessage().contains("differs from image grid"), error.getMessage());
    }

    @Test
    void rejectsNonIntegerLabels() {
        Volume labels = Volume.zeros(SHAPE, Affine.diagonal(SPACING));
        labels.set(1, 1, 1, 2.5f);
        assertThrows(ContextExtractionException.class, () -> extractor.extract(image, Optional.of(LabelMap.unnamed(labels))));
    }

    @Test
    void namesFeaturesAfterTheirRegionsAndNormalisesByTheTotal() throws ContextExtractionException {
        Volume labels = Volume.zeros(SHAPE, Affine.diagonal(SPACING));
        labels.set(0, 0, 0, 7);
        labels.set(2, 1, 1, 2);
        labels.set(3, 1, 1, 2);
        labels.set(3, 2, 1, 2);
        LabelMap named = new LabelMap(labels, Map.of(7, "Hippocampus_L"));
        ContextFeatures volumes = extractor.extract(image, Optional.of(named));
        assertEquals(List.of("label-2", "Hippocampus_L"), volumes.names());
        ContextFeatures fractions = new LabelFractionExtractor().extract(image, Optional.of(named));
        assertArrayEquals(new double[] { 0.75, 0.25 }, fractions.values(), 1e-12);
    }
}

package org.perturba.anatomy.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.ContextFeatures;
import org.perturba.anatomy.labels.LabelVolumeExtractor;
import org.perturba.anatomy.template.Template;

class TemplateTest {

    @Test
    void theEmbeddedColin27TemplateIsAFullySegmentedBrainOnTheMniGrid() throws IOException, ContextExtractionException {
        Template template = Template.colin27();
        assertArrayEquals(new int[] { 91, 109, 91 }, template.t1().shape());
        assertArrayEquals(template.t1().shape(), template.labels().labels().shape());
        assertTrue(template.t1().affine().equals(template.labels().labels().affine(), 0));
        assertArrayEquals(new double[] { -90, -126, -72 }, template.t1().affine().apply(0, 0, 0), 0);
        assertEquals(119, template.labels().names().size(), "116 AAL regions, ventricles, white matter, other CSF");
        ContextFeatures volumes = new LabelVolumeExtractor().extract(template.t1(), Optional.of(template.labels()));
        // AAL's hippocampi are about 7.5 cm³ each; young adult ventricles 15-30 cm³
        assertEquals(7500, volumes.value("Hippocampus_L"), 500);
        assertEquals(7500, volumes.value("Hippocampus_R"), 500);
        double ventricles = volumes.value(Template.VENTRICLES);
        assertTrue(ventricles > 15_000 && ventricles < 30_000, "ventricles " + ventricles);
        float[] t1 = template.t1().voxels();
        float[] labels = template.labels().labels().voxels();
        int outside = 0;
        for (int i = 0; i < t1.length; i++) {
            outside += t1[i] > 0 && labels[i] == 0 ? 1 : 0;
        }
        assertTrue(outside < 0.01 * t1.length, outside + " brain voxels without a label");
    }
}

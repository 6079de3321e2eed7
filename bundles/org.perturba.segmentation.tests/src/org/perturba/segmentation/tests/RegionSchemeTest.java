package org.perturba.segmentation.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.perturba.anatomy.template.Template;
import org.perturba.segmentation.RegionScheme;

/** The regions of a segmenter and the mapping of dseg.tsv labels onto them. */
class RegionSchemeTest {

    @Test
    void everyTemplateLabelHasABrainRegion() throws IOException {
        Map<Integer, String> names = new TreeMap<>(Template.colin27().labels().names());
        names.remove(0);
        assertEquals(119, names.size());
        RegionScheme scheme = RegionScheme.brainRegions();
        int[] perRegion = new int[scheme.regions().size() + 1];
        names.values().forEach(name -> perRegion[scheme.region(name)]++);
        assertEquals(0, perRegion[0], "no label is background");
        // 7 regions: 1 + 1 + 84 cortical AAL labels + 4 + 8 + 1 + 26 cerebellar
        assertEquals("[0, 1, 1, 78, 4, 8, 1, 26]", java.util.Arrays.toString(perRegion));
    }

    @Test
    void placesTheLabelsAgeingChanges() {
        RegionScheme scheme = RegionScheme.brainRegions();
        assertEquals("brain-regions", scheme.id());
        assertEquals("ventricles", region(scheme, "Ventricles_CSF"));
        assertEquals("hippocampus-amygdala", region(scheme, "Hippocampus_L"));
        assertEquals("hippocampus-amygdala", region(scheme, "Amygdala_R"));
        assertEquals("cortical-grey-matter", region(scheme, "ParaHippocampal_L"));
        assertEquals("deep-grey-matter", region(scheme, "Thalamus_R"));
        assertEquals("cerebellum", region(scheme, "Vermis_1_2"));
        assertEquals("cerebellum", region(scheme, "Cerebelum_Crus1_L"));
        assertEquals("white-matter", region(scheme, "Cerebral_White_Matter"));
        assertEquals("extracerebral-csf", region(scheme, "Extracerebral_CSF"));
    }

    @Test
    void refusesALabelItCannotPlaceSuggestingAllLabels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegionScheme.brainRegions().region("Left-Lateral-Ventricle"));
        assertTrue(e.getMessage().contains("all-labels") && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void allLabelsKeepsEveryNamedLabelAndUnknownIdsAreRefused() {
        Map<Integer, String> names = Map.of(0, "background", 3, "b", 1, "a");
        RegionScheme all = RegionScheme.named("all-labels", names);
        assertEquals(java.util.List.of("a", "b"), all.regions());
        assertEquals(2, all.region("b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegionScheme.named("lobes", names));
        assertEquals("unknown region scheme 'lobes' (known: brain-regions, all-labels)", e.getMessage());
    }

    private static String region(RegionScheme scheme, String label) {
        return scheme.regions().get(scheme.region(label) - 1);
    }
}

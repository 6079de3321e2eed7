package org.perturba.anatomy.labels;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.ContextExtractor;
import org.perturba.anatomy.ContextFeatures;
import org.perturba.anatomy.LabelMap;
import org.perturba.imaging.Volume;

/**
 * Regional volumes in cubic millimetres: one feature per non-zero label of the label map, named
 * after its region, in ascending label order. Works on any integer label map (AAL, FreeSurfer
 * aseg, SLANT).
 */
public class LabelVolumeExtractor implements ContextExtractor {

    @Override
    public ContextFeatures extract(Volume image, Optional<LabelMap> labels) throws ContextExtractionException {
        LabelMap labelMap = Labels.require(image, labels, "label-volumes");
        TreeMap<Integer, Long> voxelsPerLabel = new TreeMap<>();
        float[] values = labelMap.labels().voxels();
        for (float value : values) {
            int label = Labels.of(value);
            if (label != 0) {
                voxelsPerLabel.merge(label, 1L, Long::sum);
            }
        }
        double voxelMm3 = labelMap.labels().voxelVolumeMm3();
        List<String> names = new ArrayList<>(voxelsPerLabel.size());
        double[] volumes = new double[voxelsPerLabel.size()];
        int feature = 0;
        for (var entry : voxelsPerLabel.entrySet()) {
            names.add(labelMap.name(entry.getKey()));
            volumes[feature++] = entry.getValue() * voxelMm3;
        }
        return new ContextFeatures(names, volumes);
    }
}

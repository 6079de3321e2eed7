package org.perturba.anatomy.labels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.ContextExtractor;
import org.perturba.anatomy.ContextFeatures;
import org.perturba.imaging.Volume;

/**
 * Regional volumes in cubic millimetres: one feature per non-zero label of the label map, named
 * {@code label-<index>}, in ascending label order. Works on any integer label map (AAL,
 * FreeSurfer aseg, SLANT).
 */
public final class LabelVolumeExtractor implements ContextExtractor {

    @Override
    public ContextFeatures extract(Volume image, Optional<Volume> labels) throws ContextExtractionException {
        Volume labelMap = labels.orElseThrow(() -> new ContextExtractionException(
                "label-volumes needs a label map (sub-<id>_dseg.nii.gz) for every subject"));
        if (!Arrays.equals(image.shape(), labelMap.shape())) {
            throw new ContextExtractionException("label map grid " + Arrays.toString(labelMap.shape())
                    + " differs from image grid " + Arrays.toString(image.shape()));
        }
        TreeMap<Integer, Long> voxelsPerLabel = new TreeMap<>();
        float[] values = labelMap.voxels();
        for (int i = 0; i < values.length; i++) {
            int label = Math.round(values[i]);
            if (label != values[i]) {
                throw new ContextExtractionException("label map holds a non-integer value " + values[i]);
            }
            if (label != 0) {
                voxelsPerLabel.merge(label, 1L, Long::sum);
            }
        }
        double voxelMm3 = labelMap.voxelVolumeMm3();
        List<String> names = new ArrayList<>(voxelsPerLabel.size());
        double[] volumes = new double[voxelsPerLabel.size()];
        int feature = 0;
        for (var entry : voxelsPerLabel.entrySet()) {
            names.add("label-" + entry.getKey());
            volumes[feature++] = entry.getValue() * voxelMm3;
        }
        return new ContextFeatures(names, volumes);
    }
}

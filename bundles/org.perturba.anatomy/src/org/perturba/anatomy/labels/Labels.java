package org.perturba.anatomy.labels;

import java.util.Arrays;
import java.util.Optional;

import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.LabelMap;
import org.perturba.imaging.Volume;

/** Checks shared by the extractors that measure regions of a label map. */
public final class Labels {
    private Labels() {
    }

    /** The label map, checked to lie on the image's grid. */
    public static LabelMap require(Volume image, Optional<LabelMap> labels, String extractor)
            throws ContextExtractionException {
        LabelMap labelMap = labels.orElseThrow(() -> new ContextExtractionException(
                extractor + " needs a label map (sub-<id>_dseg.nii.gz) for every subject"));
        if (!Arrays.equals(image.shape(), labelMap.labels().shape())) {
            throw new ContextExtractionException("label map grid " + Arrays.toString(labelMap.labels().shape())
                    + " differs from image grid " + Arrays.toString(image.shape()));
        }
        return labelMap;
    }

    /** A stored label value as an integer label. */
    public static int of(float value) throws ContextExtractionException {
        int label = Math.round(value);
        if (label != value) {
            throw new ContextExtractionException("label map holds a non-integer value " + value);
        }
        return label;
    }
}

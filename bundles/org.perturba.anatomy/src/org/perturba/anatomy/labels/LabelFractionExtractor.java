package org.perturba.anatomy.labels;

import java.util.Optional;

import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.ContextFeatures;
import org.perturba.anatomy.LabelMap;
import org.perturba.imaging.Volume;

/**
 * Regional volumes as fractions of the total labelled volume: the label volumes normalised by head
 * size. On skull-stripped data the labelled brain (with its ventricles) stands in for the total
 * intracranial volume, so individual head size drops out and relative atrophy remains.
 */
public final class LabelFractionExtractor extends LabelVolumeExtractor {

    @Override
    public ContextFeatures extract(Volume image, Optional<LabelMap> labels) throws ContextExtractionException {
        ContextFeatures volumes = super.extract(image, labels);
        double[] values = volumes.values();
        double total = 0;
        for (double value : values) {
            total += value;
        }
        if (total == 0) {
            throw new ContextExtractionException("the label map is empty: no volume to normalise by");
        }
        for (int i = 0; i < values.length; i++) {
            values[i] /= total;
        }
        return new ContextFeatures(volumes.names(), values);
    }
}

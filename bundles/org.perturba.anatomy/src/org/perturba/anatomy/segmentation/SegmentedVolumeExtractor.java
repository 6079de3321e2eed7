package org.perturba.anatomy.segmentation;

import org.perturba.anatomy.DifferentiableContextExtractor;

/**
 * The {@code segmented-volumes} context: the soft volume of every region of a segmentation model,
 * then its fraction of the intracranial volume, measured from the image alone (label maps are
 * ignored). See {@link SegmentedVolumes} for the features, their units and their derivatives.
 */
public final class SegmentedVolumeExtractor implements SegmentationContextExtractor {

    @Override
    public DifferentiableContextExtractor using(SoftSegmenter segmenter) {
        return new SegmentedVolumes(segmenter);
    }
}

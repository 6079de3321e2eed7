package org.perturba.anatomy.segmentation;

import java.util.Optional;

import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.ContextExtractor;
import org.perturba.anatomy.ContextFeatures;
import org.perturba.anatomy.DifferentiableContextExtractor;
import org.perturba.anatomy.LabelMap;
import org.perturba.imaging.Volume;

/**
 * A context extractor that measures the image through a segmentation model. Contributed through
 * {@code org.perturba.context} like any extractor; the runner binds it to the experiment's trained
 * (or loaded) segmenter with {@link #using} before it extracts anything. Unbound, it has nothing to
 * measure with and says so.
 */
public interface SegmentationContextExtractor extends ContextExtractor {

    /** This extractor measuring with {@code segmenter}: thread-safe, ignores label maps. */
    DifferentiableContextExtractor using(SoftSegmenter segmenter);

    @Override
    default ContextFeatures extract(Volume image, Optional<LabelMap> labels) throws ContextExtractionException {
        throw new ContextExtractionException("this context extractor measures the image through a segmentation model: "
                + "give the model a segmenter");
    }
}

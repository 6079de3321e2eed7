package org.perturba.anatomy;

import java.util.Optional;

import org.perturba.imaging.Volume;

/**
 * Computes anatomical-context features of one subject. Contributed through the
 * {@code org.perturba.context} extension point; implementations need a public no-argument
 * constructor and must be thread-safe.
 */
public interface ContextExtractor {

    /**
     * @param image the subject's T1 image, intensities normalised to [0, 1]
     * @param labels the subject's segmentation on the same grid, when the dataset has one
     */
    ContextFeatures extract(Volume image, Optional<LabelMap> labels) throws ContextExtractionException;
}

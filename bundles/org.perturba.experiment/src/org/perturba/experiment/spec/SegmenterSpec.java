package org.perturba.experiment.spec;

import java.nio.file.Path;
import java.util.Optional;

import org.perturba.model.training.TrainingSpec;
import org.perturba.segmentation.RegionScheme;

/**
 * One segmentation model of an experiment, which context extractors such as
 * {@code segmented-volumes} measure the image through: trained in the run on the dataset's label
 * maps, or loaded from a saved zip.
 *
 * @param id the name models use for it (unique among the segmenters)
 * @param regions the region scheme its classes follow (e.g. {@code brain-regions}); for a loaded
 *        segmenter, the one it was trained with
 * @param load a saved segmenter to use instead of training one
 * @param training how to train it (its seed is the experiment's)
 */
public record SegmenterSpec(String id, String regions, Optional<Path> load, TrainingSpec training) {
    public static final String DEFAULT_REGIONS = RegionScheme.BRAIN_REGIONS;

    public boolean trained() {
        return load.isEmpty();
    }
}

package org.perturba.experiment.run;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.perturba.anatomy.ContextExtractor;
import org.perturba.anatomy.segmentation.SegmentationContextExtractor;
import org.perturba.anatomy.segmentation.SoftSegmenter;
import org.perturba.core.registry.ContextSource;
import org.perturba.core.registry.ContributionDescriptor;
import org.perturba.core.registry.ContributionKind;
import org.perturba.experiment.spec.InvalidExperimentException;

/**
 * The context extractors of a run, created once per contribution and segmenter: an extractor that
 * measures the image through a segmentation model ({@link SegmentationContextExtractor}) is bound to
 * the experiment's segmenter that its model names, every other extractor is used as contributed.
 */
final class ContextExtractors {
    private final Contributions contributions;
    private final Map<String, SoftSegmenter> segmenters = new HashMap<>();
    private final Map<String, ContextExtractor> created = new HashMap<>();

    ContextExtractors(Contributions contributions) {
        this.contributions = contributions;
    }

    /** Makes a trained or loaded segmenter of the experiment available to the extractors that measure through it. */
    synchronized void addSegmenter(String id, SoftSegmenter segmenter) {
        segmenters.put(id, segmenter);
    }

    /**
     * @param segmenter the segmenter the model's context is measured through, when its extractor needs one
     * @throws InvalidExperimentException when the extractor needs a segmenter the run does not have
     */
    synchronized ContextExtractor get(String extractor, Optional<String> segmenter)
            throws InvalidExperimentException, ContributionFailedException {
        String key = key(extractor, segmenter);
        ContextExtractor cached = created.get(key);
        if (cached != null) {
            return cached;
        }
        ContextExtractor instance = contributions.create(ContributionKind.CONTEXT, extractor, ContextExtractor.class);
        if (instance instanceof SegmentationContextExtractor measuring) {
            String id = segmenter.orElseThrow(() -> new InvalidExperimentException("the context extractor '" + extractor
                    + "' measures the image through a segmentation model: add one to \"segmenters\""));
            SoftSegmenter bound = segmenters.get(id);
            if (bound == null) { // its training or loading failed, as the failures say
                throw new ContributionFailedException(new ContributionFailure(ContributionKind.CONTEXT, extractor,
                        ContributionFailure.EXTRACTING, Optional.empty(), "its segmenter '" + id + "' is not available"), null);
            }
            instance = Isolation.call(ContributionKind.CONTEXT, extractor, ContributionFailure.LOADING, () -> measuring.using(bound));
        }
        created.put(key, instance);
        return instance;
    }

    /**
     * Whether the extractor measures the image through a segmentation model, and so is bound to one;
     * false for one that cannot be created (its failure is reported where it is used).
     */
    boolean measuresThroughSegmenter(String extractor) throws InvalidExperimentException {
        try {
            return contributions.create(ContributionKind.CONTEXT, extractor, ContextExtractor.class) instanceof SegmentationContextExtractor;
        } catch (ContributionFailedException e) {
            return false;
        }
    }

    /** What the extractor reads, as its contribution declares it. */
    Optional<ContextSource> source(String extractor) {
        return contributions.find(ContributionKind.CONTEXT, extractor).flatMap(ContributionDescriptor::contextSource);
    }

    /** What identifies an extractor as a run uses it: its id, and its segmenter's when it has one. */
    static String key(String extractor, Optional<String> segmenter) {
        return extractor + segmenter.map(id -> "@" + id).orElse("");
    }
}

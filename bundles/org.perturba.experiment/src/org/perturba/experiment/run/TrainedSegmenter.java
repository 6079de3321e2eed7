package org.perturba.experiment.run;

import org.perturba.segmentation.SegmenterEvaluation;
import org.perturba.segmentation.UNetSegmenter;

/**
 * A segmenter of the run, ready to measure images: trained or loaded, with its accuracy on the test split.
 *
 * @param id the experiment's name for it
 * @param sha256 the hash of its saved zip, which models whose context it measures record
 */
record TrainedSegmenter(String id, UNetSegmenter segmenter, String sha256, SegmenterEvaluation test) {
}

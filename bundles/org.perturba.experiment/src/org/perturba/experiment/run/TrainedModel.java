package org.perturba.experiment.run;

import java.util.Optional;

import org.perturba.core.registry.ContextSource;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.training.Evaluation;

/**
 * A model of the run, ready to attack: trained or loaded, with its subjects and its accuracy on
 * the test split.
 *
 * @param id the experiment's name for it
 * @param contextSource what its context extractor reads, for a model with context
 * @param segmenter the experiment's segmenter its context is measured through, when its extractor needs one
 * @param subjects the subjects prepared for its input (its context extractor)
 * @param test its accuracy and predictions on the test split
 */
record TrainedModel(String id, BrainAgeModel model, Optional<ContextSource> contextSource, Optional<String> segmenter,
        PreparedSplit subjects, Evaluation test) {

    String kind() {
        return model.metadata().kind();
    }
}

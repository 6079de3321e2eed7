package org.perturba.experiment.spec;

import java.nio.file.Path;
import java.util.Optional;

import org.perturba.model.training.TrainingSpec;

/**
 * One model of an experiment: trained in the run from an {@code org.perturba.models} contribution,
 * or loaded from a saved zip.
 *
 * @param id the name results use for it (unique in the experiment)
 * @param kind the model contribution to train; empty when loaded
 * @param context the context extractor of a hybrid model to train; empty otherwise
 * @param segmenter the experiment's segmenter its context extractor measures the image through, when
 *        the extractor needs one (and the experiment has more than one)
 * @param load a saved model to use instead of training one
 * @param training how to train it (its seed is the experiment's)
 */
public record ModelSpec(String id, Optional<String> kind, Optional<String> context, Optional<String> segmenter,
        Optional<Path> load,
        TrainingSpec training) {

    public boolean trained() {
        return load.isEmpty();
    }
}

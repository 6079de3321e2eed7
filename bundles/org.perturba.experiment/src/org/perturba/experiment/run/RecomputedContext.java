package org.perturba.experiment.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.ContextExtractor;
import org.perturba.anatomy.LabelMap;
import org.perturba.imaging.Volume;
import org.perturba.model.ModelInput;
import org.perturba.model.ModelMetadata;
import org.perturba.model.training.Batches;
import org.perturba.model.training.PreparedSubject;

/**
 * A batch as a deployed pipeline would give it to a model with context after an attack: the
 * adversarial images with the context the model's own extractor computes from them (the
 * {@code recomputed}, {@code adaptive} and {@code universal-adaptive} measurements). Works for any
 * extractor, differentiable or not, and standardises the way the clean batch was
 * ({@link Batches#of}), so the two differ only by what the images changed.
 */
public final class RecomputedContext {
    private RecomputedContext() {
    }

    /**
     * @param subjects the clean subjects, in batch order
     * @param labels their label maps, in the same order, where the dataset has them
     * @param grid the model grid (its voxels are not used)
     * @param images the adversarial images {@code [n, 1, x, y, z]} of those subjects
     */
    public static ModelInput batch(ContextExtractor extractor, ModelMetadata metadata, List<PreparedSubject> subjects,
            List<Optional<LabelMap>> labels, Volume grid, INDArray images) throws ContextExtractionException {
        List<PreparedSubject> changed = new ArrayList<>();
        for (int i = 0; i < subjects.size(); i++) {
            float[] voxels = Batches.voxels(images, i);
            PreparedSubject subject = subjects.get(i);
            changed.add(new PreparedSubject(subject.id(), subject.age(), voxels, subject.brainMask(),
                    Optional.of(extractor.extract(grid.withVoxels(voxels), labels.get(i)))));
        }
        return Batches.of(changed, metadata);
    }
}

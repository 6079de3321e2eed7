package org.perturba.model.training;

import java.util.Optional;

import org.perturba.anatomy.ContextFeatures;

/**
 * One subject ready for a model: its image normalised to [0, 1] on the model's grid (x fastest),
 * its brain mask on the same grid and its raw (unstandardised) context features when a context
 * extractor is used.
 *
 * @param brainMask true inside the brain, measured on the image before normalisation (see
 *        {@link DatasetPreparation}): it includes the darkest brain voxels (CSF) that the normalisation
 *        clips to 0
 */
public record PreparedSubject(String id, double age, float[] image, boolean[] brainMask, Optional<ContextFeatures> context) {
    public PreparedSubject {
        if (brainMask.length != image.length) {
            throw new IllegalArgumentException("a brain mask of " + brainMask.length + " voxels for an image of " + image.length);
        }
    }
}

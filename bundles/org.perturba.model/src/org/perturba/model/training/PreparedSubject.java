package org.perturba.model.training;

import java.util.Optional;

import org.perturba.anatomy.ContextFeatures;

/**
 * One subject ready for a model: its image normalised to [0, 1] on the model's grid (x fastest)
 * and its raw (unstandardised) context features when a context extractor is used.
 */
public record PreparedSubject(String id, double age, float[] image, Optional<ContextFeatures> context) {
}

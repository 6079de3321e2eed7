package org.perturba.model;

/**
 * Builds models of one architecture. Contributed through the {@code org.perturba.models}
 * extension point; implementations need a public no-argument constructor.
 */
public interface ModelFactory {

    /** Whether the architecture takes anatomical context features besides the image. */
    boolean usesContext();

    /**
     * A new, untrained network for Perturba to train, its weights initialised deterministically from
     * the metadata's seed. (Models trained elsewhere are loaded from their files, not built here.)
     */
    GraphBrainAgeModel create(ModelMetadata metadata);
}

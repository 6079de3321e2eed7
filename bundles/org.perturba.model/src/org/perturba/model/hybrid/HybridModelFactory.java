package org.perturba.model.hybrid;

import org.perturba.model.BrainAgeModel;
import org.perturba.model.GraphBrainAgeModel;
import org.perturba.model.ModelFactory;
import org.perturba.model.ModelMetadata;

/**
 * Contributes the hybrid model ({@code hybrid}) of Li et al.: the conventional image branch merged
 * with a branch over anatomical context features before the regression head.
 */
public final class HybridModelFactory implements ModelFactory {

    @Override
    public boolean usesContext() {
        return true;
    }

    @Override
    public BrainAgeModel create(ModelMetadata metadata) {
        if (metadata.contextSize() == 0) {
            throw new IllegalArgumentException("the hybrid model needs context features (choose a context extractor)");
        }
        return GraphBrainAgeModel.create(metadata);
    }
}

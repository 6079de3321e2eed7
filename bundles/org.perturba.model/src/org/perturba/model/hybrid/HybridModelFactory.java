package org.perturba.model.hybrid;

import org.perturba.model.BrainAgeModel;
import org.perturba.model.BrainAgeNetworks;
import org.perturba.model.GraphBrainAgeModel;
import org.perturba.model.ModelFactory;
import org.perturba.model.ModelMetadata;

/**
 * Contributes the hybrid model ({@code hybrid}) of Li et al.: the conventional image branch merged
 * with a branch over anatomical context features before the regression head.
 */
public class HybridModelFactory implements ModelFactory {
    private final BrainAgeNetworks.ImageBranch imageBranch;

    public HybridModelFactory() {
        this(BrainAgeNetworks.ImageBranch.CONVOLUTIONS);
    }

    protected HybridModelFactory(BrainAgeNetworks.ImageBranch imageBranch) {
        this.imageBranch = imageBranch;
    }

    @Override
    public boolean usesContext() {
        return true;
    }

    @Override
    public BrainAgeModel create(ModelMetadata metadata) {
        if (metadata.contextSize() == 0) {
            throw new IllegalArgumentException("the hybrid model needs context features (choose a context extractor)");
        }
        return GraphBrainAgeModel.create(metadata, imageBranch);
    }
}

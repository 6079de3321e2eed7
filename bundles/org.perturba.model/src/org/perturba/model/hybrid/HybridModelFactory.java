package org.perturba.model.hybrid;

import org.perturba.model.BrainAgeNetworks.ImageBranch;
import org.perturba.model.NetworkModelFactory;

/**
 * Contributes the hybrid model ({@code hybrid}) of Li et al.: the conventional image branch merged
 * with a branch over anatomical context features before the regression head.
 */
public class HybridModelFactory extends NetworkModelFactory {
    public HybridModelFactory() {
        this(ImageBranch.CONVOLUTIONS);
    }

    protected HybridModelFactory(ImageBranch imageBranch) {
        super(imageBranch, true);
    }
}

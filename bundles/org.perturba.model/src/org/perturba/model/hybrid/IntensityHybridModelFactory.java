package org.perturba.model.hybrid;

import org.perturba.model.BrainAgeNetworks;

/** Contributes the hybrid model over the image branch with an intensity path ({@code hybrid-intensity}). */
public final class IntensityHybridModelFactory extends HybridModelFactory {
    public IntensityHybridModelFactory() {
        super(BrainAgeNetworks.ImageBranch.CONVOLUTIONS_AND_INTENSITIES);
    }
}

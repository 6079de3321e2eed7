package org.perturba.model.cnn;

import org.perturba.model.BrainAgeNetworks;

/**
 * Contributes the conventional 3D CNN with an intensity path beside its convolutions
 * ({@code conventional-intensity}): more accurate on coarse grids, where age shows in the intensity
 * histogram, and far easier to move by perturbing intensities.
 */
public final class IntensityCnnFactory extends ConventionalCnnFactory {
    public IntensityCnnFactory() {
        super(BrainAgeNetworks.ImageBranch.CONVOLUTIONS_AND_INTENSITIES);
    }
}

package org.perturba.model.cnn;

import org.perturba.model.BrainAgeNetworks.ImageBranch;
import org.perturba.model.NetworkModelFactory;

/** Contributes the conventional 3D CNN ({@code conventional}): the image branch alone. */
public class ConventionalCnnFactory extends NetworkModelFactory {
    public ConventionalCnnFactory() {
        this(ImageBranch.CONVOLUTIONS);
    }

    protected ConventionalCnnFactory(ImageBranch imageBranch) {
        super(imageBranch, false);
    }
}

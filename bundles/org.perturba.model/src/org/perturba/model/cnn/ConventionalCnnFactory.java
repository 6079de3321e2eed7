package org.perturba.model.cnn;

import org.perturba.model.BrainAgeModel;
import org.perturba.model.BrainAgeNetworks;
import org.perturba.model.GraphBrainAgeModel;
import org.perturba.model.ModelFactory;
import org.perturba.model.ModelMetadata;

/** Contributes the conventional 3D CNN ({@code conventional}): the image branch alone. */
public class ConventionalCnnFactory implements ModelFactory {
    private final BrainAgeNetworks.ImageBranch imageBranch;

    public ConventionalCnnFactory() {
        this(BrainAgeNetworks.ImageBranch.CONVOLUTIONS);
    }

    protected ConventionalCnnFactory(BrainAgeNetworks.ImageBranch imageBranch) {
        this.imageBranch = imageBranch;
    }

    @Override
    public boolean usesContext() {
        return false;
    }

    @Override
    public BrainAgeModel create(ModelMetadata metadata) {
        if (metadata.context().isPresent()) {
            throw new IllegalArgumentException("the conventional model takes no context features");
        }
        return GraphBrainAgeModel.create(metadata, imageBranch);
    }
}

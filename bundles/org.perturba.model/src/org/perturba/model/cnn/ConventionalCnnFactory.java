package org.perturba.model.cnn;

import org.perturba.model.BrainAgeModel;
import org.perturba.model.GraphBrainAgeModel;
import org.perturba.model.ModelFactory;
import org.perturba.model.ModelMetadata;

/** Contributes the conventional 3D CNN ({@code conventional}): the image branch alone. */
public final class ConventionalCnnFactory implements ModelFactory {

    @Override
    public boolean usesContext() {
        return false;
    }

    @Override
    public BrainAgeModel create(ModelMetadata metadata) {
        if (metadata.context().isPresent()) {
            throw new IllegalArgumentException("the conventional model takes no context features");
        }
        return GraphBrainAgeModel.create(metadata);
    }
}

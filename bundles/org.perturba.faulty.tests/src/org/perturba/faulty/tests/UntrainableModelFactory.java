package org.perturba.faulty.tests;

import org.perturba.model.GraphBrainAgeModel;
import org.perturba.model.ModelFactory;
import org.perturba.model.ModelMetadata;

/** A model contribution that loads but throws when the run asks it for a network to train. */
public final class UntrainableModelFactory implements ModelFactory {

    @Override
    public boolean usesContext() {
        return false;
    }

    @Override
    public GraphBrainAgeModel create(ModelMetadata metadata) {
        throw new IllegalStateException(FaultyContributions.MODEL_MESSAGE);
    }
}

package org.perturba.model;

/**
 * A {@link ModelFactory} for the networks of {@link BrainAgeNetworks}: an image branch of a given
 * kind, with a context branch or without one. Checks that a model's metadata agrees with that
 * before building it.
 */
public abstract class NetworkModelFactory implements ModelFactory {
    private final BrainAgeNetworks.ImageBranch imageBranch;
    private final boolean usesContext;

    protected NetworkModelFactory(BrainAgeNetworks.ImageBranch imageBranch, boolean usesContext) {
        this.imageBranch = imageBranch;
        this.usesContext = usesContext;
    }

    @Override
    public final boolean usesContext() {
        return usesContext;
    }

    @Override
    public final GraphBrainAgeModel create(ModelMetadata metadata) {
        if (usesContext && metadata.contextSize() == 0) {
            throw new IllegalArgumentException("the " + metadata.kind()
                    + " model needs context features (choose a context extractor)");
        }
        if (!usesContext && metadata.context().isPresent()) {
            throw new IllegalArgumentException("the " + metadata.kind() + " model takes no context features");
        }
        return GraphBrainAgeModel.create(metadata, imageBranch);
    }
}

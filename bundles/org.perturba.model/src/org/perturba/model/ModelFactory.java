package org.perturba.model;

/**
 * Builds models of one architecture. Contributed through the {@code org.perturba.models}
 * extension point; implementations need a public no-argument constructor.
 */
public interface ModelFactory {

    /**
     * A new, untrained model whose weights are initialised deterministically from {@code seed}.
     *
     * @param grid number of voxels along x, y and z of the input images
     */
    BrainAgeModel create(int[] grid, long seed);
}

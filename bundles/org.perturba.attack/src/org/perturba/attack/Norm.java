package org.perturba.attack;

/**
 * The norm in which an attack's {@code epsilon} bounds the change of each image. The runner checks
 * every adversarial image against the budget in its attack's norm.
 */
public enum Norm {
    /** Epsilon is the largest change of any voxel. */
    LINF("L-inf"),
    /** Epsilon is the root-mean-square change per voxel (the image's L2 norm over the square root of its voxels). */
    L2("L2");

    private final String label;

    Norm(String label) {
        this.label = label;
    }

    /** The name for messages, e.g. "L-inf". */
    public String label() {
        return label;
    }
}

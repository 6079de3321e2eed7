package org.perturba.ui.viewer.render;

/** Which image the slice panes show when an adversarial image is paired with its clean one. */
public enum DisplayMode {
    /** The opened image (the adversarial one, when paired). */
    IMAGE("Adversarial"),
    /** The clean image of the pair. */
    CLEAN("Clean"),
    /** Adversarial minus clean, in diverging colours on a symmetric scale. */
    DIFFERENCE("Difference");

    private final String label;

    DisplayMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

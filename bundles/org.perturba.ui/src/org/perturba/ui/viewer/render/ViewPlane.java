package org.perturba.ui.viewer.render;

/**
 * The three viewing planes, defined by world (RAS+) axes so that every file looks alike whatever its
 * voxel order. Neurological convention, as in the report's slice figures: subject's right on screen
 * right; anterior (axial) or superior (coronal, sagittal) up; sagittal shows anterior on the right.
 */
public enum ViewPlane {
    AXIAL("Axial", 2, 0, 1),
    CORONAL("Coronal", 1, 0, 2),
    SAGITTAL("Sagittal", 0, 1, 2);

    private final String label;
    private final int normal;
    private final int across;
    private final int up;

    ViewPlane(String label, int normal, int across, int up) {
        this.label = label;
        this.normal = normal;
        this.across = across;
        this.up = up;
    }

    public String label() {
        return label;
    }

    /** World axis (0 = R, 1 = A, 2 = S) perpendicular to the plane. */
    public int normalWorldAxis() {
        return normal;
    }

    /** World axis that grows to the right on screen. */
    public int acrossWorldAxis() {
        return across;
    }

    /** World axis that grows upwards on screen. */
    public int upWorldAxis() {
        return up;
    }
}

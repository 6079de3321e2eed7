package org.perturba.report.slice;

/**
 * The three anatomical viewing planes, each defined by world (RAS) axes rather than voxel axes, so a
 * figure looks the same whichever way the file stores its voxels.
 *
 * <p>Display convention: neurological, as many research viewers show brains:
 * the subject's left is on the screen's left, anterior or superior is up. Precisely:
 * <ul>
 * <li>axial: subject's right on screen right (R grows rightwards), anterior up;</li>
 * <li>coronal: subject's right on screen right, superior up;</li>
 * <li>sagittal: anterior on screen right, superior up.</li>
 * </ul>
 * Radiological viewers mirror the axial and coronal rows; the figures label this choice.
 */
public enum Plane {
    /** Perpendicular to inferior-superior; shows left-right across, posterior-anterior upwards. */
    AXIAL("axial", 2, 0, 1),
    /** Perpendicular to posterior-anterior; shows left-right across, inferior-superior upwards. */
    CORONAL("coronal", 1, 0, 2),
    /** Perpendicular to left-right; shows posterior-anterior across, inferior-superior upwards. */
    SAGITTAL("sagittal", 0, 1, 2);

    private final String label;
    private final int normal;
    private final int across;
    private final int up;

    Plane(String label, int normal, int across, int up) {
        this.label = label;
        this.normal = normal;
        this.across = across;
        this.up = up;
    }

    public String label() {
        return label;
    }

    /** The label capitalised, as a heading: {@code Axial}. */
    public String title() {
        return Character.toUpperCase(label.charAt(0)) + label.substring(1);
    }

    /** World axis (0 = R, 1 = A, 2 = S) the plane is perpendicular to. */
    public int normalWorldAxis() {
        return normal;
    }

    /** World axis that grows rightwards on screen. */
    public int acrossWorldAxis() {
        return across;
    }

    /** World axis that grows upwards on screen. */
    public int upWorldAxis() {
        return up;
    }
}

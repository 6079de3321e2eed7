package org.perturba.ui.viewer.render;

import org.perturba.report.slice.Plane;

/**
 * How one plane of a volume maps to screen pixels and back: which voxel axis runs across, which up
 * and which is the slice index, and whether each is flipped. Voxel axes are matched to world axes by
 * the volume's orientation code (e.g. {@code RAS}, {@code LPS}), so oblique volumes are shown along
 * their nearest world axes, without resampling. Row 0 is the top of the screen.
 */
public final class SliceGeometry {
    private final Plane plane;
    private final int[] shape;
    private final int acrossAxis;
    private final int upAxis;
    private final int normalAxis;
    private final boolean acrossPositive;
    private final boolean upPositive;
    private final double pixelWidthMm;
    private final double pixelHeightMm;

    /**
     * @param orientation the volume's three-letter orientation code, e.g. {@code RAS}
     * @param spacingMm voxel sizes along i, j, k
     */
    public SliceGeometry(Plane plane, int[] shape, String orientation, double[] spacingMm) {
        int[] voxelAxis = new int[3];
        boolean[] positive = new boolean[3];
        boolean[] seen = new boolean[3];
        for (int axis = 0; axis < 3; axis++) {
            char code = Character.toUpperCase(orientation.charAt(axis));
            int world = "LR".indexOf(code) >= 0 ? 0 : "PA".indexOf(code) >= 0 ? 1 : "IS".indexOf(code) >= 0 ? 2 : -1;
            if (world < 0 || seen[world]) {
                throw new IllegalArgumentException("orientation '" + orientation + "' is not a permutation of RAS/LPI axes");
            }
            seen[world] = true;
            voxelAxis[world] = axis;
            positive[world] = code == 'R' || code == 'A' || code == 'S';
        }
        this.plane = plane;
        this.shape = shape.clone();
        this.acrossAxis = voxelAxis[plane.acrossWorldAxis()];
        this.upAxis = voxelAxis[plane.upWorldAxis()];
        this.normalAxis = voxelAxis[plane.normalWorldAxis()];
        this.acrossPositive = positive[plane.acrossWorldAxis()];
        this.upPositive = positive[plane.upWorldAxis()];
        this.pixelWidthMm = spacingMm[acrossAxis];
        this.pixelHeightMm = spacingMm[upAxis];
    }

    public Plane plane() {
        return plane;
    }

    /** Pixels across. */
    public int width() {
        return shape[acrossAxis];
    }

    /** Pixels down. */
    public int height() {
        return shape[upAxis];
    }

    /** Number of slices: the extent of the voxel axis normal to the plane. */
    public int sliceCount() {
        return shape[normalAxis];
    }

    /** The voxel axis (0 = i, 1 = j, 2 = k) the slice index runs along. */
    public int normalVoxelAxis() {
        return normalAxis;
    }

    public double pixelWidthMm() {
        return pixelWidthMm;
    }

    public double pixelHeightMm() {
        return pixelHeightMm;
    }

    /** The voxel (i, j, k) shown at screen pixel (column, row) of slice {@code index}. */
    public int[] voxel(int column, int row, int index) {
        int[] voxel = new int[3];
        voxel[acrossAxis] = acrossPositive ? column : width() - 1 - column;
        voxel[upAxis] = upPositive ? height() - 1 - row : row;
        voxel[normalAxis] = index;
        return voxel;
    }

    /** The screen column at which a voxel appears. */
    public int column(int[] voxel) {
        return acrossPositive ? voxel[acrossAxis] : width() - 1 - voxel[acrossAxis];
    }

    /** The screen row at which a voxel appears. */
    public int row(int[] voxel) {
        return upPositive ? height() - 1 - voxel[upAxis] : voxel[upAxis];
    }

    /** The slice that holds a voxel. */
    public int index(int[] voxel) {
        return voxel[normalAxis];
    }

    /** The linear index (i fastest, as {@code Volume} stores voxels) of screen pixel (column, row) of a slice. */
    public int linearIndex(int column, int row, int index) {
        int[] voxel = voxel(column, row, index);
        return voxel[0] + shape[0] * (voxel[1] + shape[1] * voxel[2]);
    }
}

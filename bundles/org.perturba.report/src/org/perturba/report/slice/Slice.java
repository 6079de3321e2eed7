package org.perturba.report.slice;

import org.perturba.imaging.Volume;

/**
 * One plane of a volume resampled to screen order (row 0 at the top, column 0 at the left) following
 * the {@link Plane} conventions, with the physical size of its pixels so a figure can keep the
 * anatomy's proportions on anisotropic voxels. Voxel axes are matched to world axes by the volume's
 * orientation code, so flipped and permuted storage orders display alike; oblique volumes are shown
 * along their nearest world axes, without resampling.
 */
public final class Slice {
    private final int width;
    private final int height;
    private final float[] values;
    private final double pixelWidthMm;
    private final double pixelHeightMm;

    private Slice(int width, int height, float[] values, double pixelWidthMm, double pixelHeightMm) {
        this.width = width;
        this.height = height;
        this.values = values;
        this.pixelWidthMm = pixelWidthMm;
        this.pixelHeightMm = pixelHeightMm;
    }

    /** The middle slice of the plane: index {@code n / 2} along the voxel axis normal to it. */
    public static Slice central(Volume volume, Plane plane) {
        return of(volume, plane, volume.shape()[normalVoxelAxis(volume, plane)] / 2);
    }

    /**
     * The slice at voxel {@code index} along the voxel axis that runs nearest the plane's normal (e.g.
     * k for an axial slice of a RAS or LPS volume).
     */
    public static Slice of(Volume volume, Plane plane, int index) {
        int[] shape = volume.shape();
        int[] voxelAxis = new int[3]; // world axis -> voxel axis
        boolean[] positive = new boolean[3]; // whether the voxel axis grows towards R, A or S
        String codes = volume.orientation();
        for (int axis = 0; axis < 3; axis++) {
            char code = codes.charAt(axis);
            int world = "LR".indexOf(code) >= 0 ? 0 : "PA".indexOf(code) >= 0 ? 1 : 2;
            voxelAxis[world] = axis;
            positive[world] = code == 'R' || code == 'A' || code == 'S';
        }
        int normal = voxelAxis[plane.normalWorldAxis()];
        if (index < 0 || index >= shape[normal]) {
            throw new IllegalArgumentException(plane.label() + " slice " + index + " outside 0.." + (shape[normal] - 1));
        }
        int across = voxelAxis[plane.acrossWorldAxis()];
        int up = voxelAxis[plane.upWorldAxis()];
        int width = shape[across];
        int height = shape[up];
        float[] values = new float[width * height];
        int[] voxel = new int[3];
        voxel[normal] = index;
        for (int row = 0; row < height; row++) {
            voxel[up] = positive[plane.upWorldAxis()] ? height - 1 - row : row; // the top row is the most A or S
            for (int column = 0; column < width; column++) {
                voxel[across] = positive[plane.acrossWorldAxis()] ? column : width - 1 - column;
                values[row * width + column] = volume.get(voxel[0], voxel[1], voxel[2]);
            }
        }
        double[] spacing = volume.spacingMm();
        return new Slice(width, height, values, spacing[across], spacing[up]);
    }

    static int normalVoxelAxis(Volume volume, Plane plane) {
        String letters = plane.normalWorldAxis() == 0 ? "LR" : plane.normalWorldAxis() == 1 ? "PA" : "IS";
        String codes = volume.orientation();
        for (int axis = 0; axis < 3; axis++) {
            if (letters.indexOf(codes.charAt(axis)) >= 0) {
                return axis;
            }
        }
        throw new IllegalStateException("orientation " + codes + " has no " + letters + " axis");
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The value at screen position (column, row). */
    public float value(int column, int row) {
        return values[row * width + column];
    }

    /** Physical width of the slice in millimetres. */
    public double widthMm() {
        return width * pixelWidthMm;
    }

    /** Physical height of the slice in millimetres. */
    public double heightMm() {
        return height * pixelHeightMm;
    }
}

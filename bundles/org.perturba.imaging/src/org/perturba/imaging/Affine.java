package org.perturba.imaging;

import java.util.Arrays;

/**
 * A voxel-to-world transform: world (x, y, z, 1) = M · (i, j, k, 1), in millimetres, world axes
 * pointing right, anterior and superior (RAS+, as in NIfTI and nibabel). Immutable.
 */
public final class Affine {
    private static final char[][] AXIS_LETTERS = { { 'L', 'R' }, { 'P', 'A' }, { 'I', 'S' } };

    private final double[][] rows;

    /** @param rows the 3 or 4 rows of the matrix; a fourth row, when given, must be 0 0 0 1 */
    public Affine(double[][] rows) {
        if (rows.length < 3 || rows.length > 4 || Arrays.stream(rows).anyMatch(r -> r.length != 4)) {
            throw new IllegalArgumentException("an affine has 3 or 4 rows of 4 values");
        }
        this.rows = new double[4][];
        for (int r = 0; r < 3; r++) {
            this.rows[r] = rows[r].clone();
        }
        this.rows[3] = new double[] { 0, 0, 0, 1 };
    }

    /**
     * The transform NIfTI readers use when a header gives no orientation: voxel sizes on the
     * diagonal, x flipped (radiological storage), the grid centred on the origin.
     */
    public static Affine fromShapeAndZooms(int[] shape, double[] zooms) {
        double[][] m = new double[3][4];
        for (int axis = 0; axis < 3; axis++) {
            double zoom = axis == 0 ? -zooms[axis] : zooms[axis];
            m[axis][axis] = zoom;
            m[axis][3] = -(shape[axis] - 1) / 2.0 * zoom;
        }
        return new Affine(m);
    }

    /** A grid along the world axes (RAS) with these voxel sizes, voxel 0 at the origin. */
    public static Affine diagonal(double... voxelSizes) {
        double[][] m = new double[3][4];
        for (int axis = 0; axis < 3; axis++) {
            m[axis][axis] = voxelSizes[axis];
        }
        return new Affine(m);
    }

    /** A pure translation. */
    public static Affine translation(double x, double y, double z) {
        return new Affine(new double[][] { { 1, 0, 0, x }, { 0, 1, 0, y }, { 0, 0, 1, z } });
    }

    public double get(int row, int column) {
        return rows[row][column];
    }

    /** The 4×4 matrix, row by row (a copy). */
    public double[][] rows() {
        double[][] copy = new double[4][];
        for (int r = 0; r < 4; r++) {
            copy[r] = rows[r].clone();
        }
        return copy;
    }

    /** Length of each voxel axis in world units (the column norms). */
    public double[] voxelSizes() {
        double[] sizes = new double[3];
        for (int c = 0; c < 3; c++) {
            sizes[c] = Math.sqrt(rows[0][c] * rows[0][c] + rows[1][c] * rows[1][c] + rows[2][c] * rows[2][c]);
        }
        return sizes;
    }

    /** Determinant of the 3×3 linear part. */
    public double determinant() {
        double[][] m = rows;
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    /**
     * The world direction each voxel axis points to most, as nibabel's {@code aff2axcodes}: e.g.
     * {@code RAS} when i runs to the right, j anteriorly, k superiorly. Greedy on the largest
     * remaining direction cosine, so each world axis is used once even for oblique images.
     *
     * @throws IllegalArgumentException when the linear part is singular or not finite: no axis
     *         direction is defined then
     */
    public String orientation() {
        requireInvertible("has no orientation");
        double[] sizes = voxelSizes();
        boolean[] rowUsed = new boolean[3];
        boolean[] columnUsed = new boolean[3];
        char[] codes = new char[3];
        for (int pass = 0; pass < 3; pass++) {
            int bestRow = -1;
            int bestColumn = -1;
            double best = -1;
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    double cosine = sizes[c] == 0 ? 0 : Math.abs(rows[r][c] / sizes[c]);
                    if (!rowUsed[r] && !columnUsed[c] && cosine > best) {
                        best = cosine;
                        bestRow = r;
                        bestColumn = c;
                    }
                }
            }
            rowUsed[bestRow] = true;
            columnUsed[bestColumn] = true;
            codes[bestColumn] = AXIS_LETTERS[bestRow][rows[bestRow][bestColumn] >= 0 ? 1 : 0];
        }
        return new String(codes);
    }

    /** The product {@code this · right}: first {@code right}, then this transform. */
    public Affine times(Affine right) {
        double[][] m = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                double sum = c == 3 ? rows[r][3] : 0;
                for (int k = 0; k < 3; k++) {
                    sum += rows[r][k] * right.rows[k][c];
                }
                m[r][c] = sum;
            }
        }
        return new Affine(m);
    }

    /**
     * The inverse transform (world to voxel).
     *
     * @throws IllegalArgumentException when the linear part is singular or not finite
     */
    public Affine inverse() {
        requireInvertible("has no inverse");
        double det = determinant();
        double[][] a = rows;
        double[][] inverse = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                // adjugate: the cofactor of the transposed position, cyclic indices keep the signs right
                int r1 = (c + 1) % 3;
                int r2 = (c + 2) % 3;
                int c1 = (r + 1) % 3;
                int c2 = (r + 2) % 3;
                inverse[r][c] = (a[r1][c1] * a[r2][c2] - a[r1][c2] * a[r2][c1]) / det;
            }
        }
        for (int r = 0; r < 3; r++) {
            inverse[r][3] = -(inverse[r][0] * a[0][3] + inverse[r][1] * a[1][3] + inverse[r][2] * a[2][3]);
        }
        return new Affine(inverse);
    }

    /**
     * Refuses a singular or non-finite linear part in one line (the matrix as one row of rows), as
     * error messages need it.
     *
     * @param consequence what cannot be done, completing "so it ..."
     */
    void requireInvertible(String consequence) {
        double det = determinant();
        if (!Double.isFinite(det)) {
            throw new IllegalArgumentException("the affine holds a non-finite value, so it " + consequence + ": "
                    + Arrays.deepToString(Arrays.copyOf(rows, 3)));
        }
        if (det == 0) {
            throw new IllegalArgumentException("the affine is singular (determinant 0), so it " + consequence + ": "
                    + Arrays.deepToString(Arrays.copyOf(rows, 3)));
        }
    }

    /** The image of point {@code (x, y, z)}. */
    public double[] apply(double x, double y, double z) {
        double[] result = new double[3];
        for (int r = 0; r < 3; r++) {
            result[r] = rows[r][0] * x + rows[r][1] * y + rows[r][2] * z + rows[r][3];
        }
        return result;
    }

    /** Whether every element differs from {@code other}'s by at most {@code tolerance}. */
    public boolean equals(Affine other, double tolerance) {
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                if (!(Math.abs(rows[r][c] - other.rows[r][c]) <= tolerance)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (double[] row : rows) {
            text.append(Arrays.toString(row)).append('\n');
        }
        return text.toString().strip();
    }
}

package org.perturba.anatomy.dataset;

import java.util.Arrays;
import java.util.Optional;

import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;
import org.perturba.imaging.nifti.NiftiHeader;

/**
 * The voxel grid a volume lies on: its shape and affine. A label map must lie on its image's grid
 * voxel for voxel, and a model takes all its inputs on one grid, so grids are compared, with a
 * tolerance for the rounding that NIfTI headers (float sform) introduce.
 */
public final class Grid {
    /** Largest difference between two affine elements, in millimetres, still taken as the same grid. */
    public static final double AFFINE_TOLERANCE = 1e-4;

    private final int[] shape;
    private final Affine affine;

    private Grid(int[] shape, Affine affine) {
        this.shape = shape;
        this.affine = affine;
    }

    public static Grid of(Volume volume) {
        return new Grid(volume.shape(), volume.affine());
    }

    /** The grid of an image as its header describes it (the first three dimensions). */
    public static Grid of(NiftiHeader header) {
        long[] dims = header.shape();
        int[] shape = new int[3];
        for (int axis = 0; axis < 3; axis++) {
            shape[axis] = axis < dims.length ? Math.toIntExact(dims[axis]) : 1;
        }
        return new Grid(shape, header.affine());
    }

    public int[] shape() {
        return shape.clone();
    }

    public Affine affine() {
        return affine;
    }

    /**
     * How this grid differs from {@code reference}, e.g. {@code shape 4x3x3, not 4x3x2}; empty when
     * the shapes are equal and the affines agree within {@link #AFFINE_TOLERANCE}.
     */
    public Optional<String> differenceFrom(Grid reference) {
        if (!Arrays.equals(shape, reference.shape)) {
            return Optional.of("shape " + format(shape) + ", not " + format(reference.shape));
        }
        for (int row = 0; row < 3; row++) {
            for (int column = 0; column < 4; column++) {
                double value = affine.get(row, column);
                double expected = reference.affine.get(row, column);
                if (!(Math.abs(value - expected) <= AFFINE_TOLERANCE)) {
                    return Optional.of("affine element [" + row + "][" + column + "] is " + value + ", not " + expected
                            + " (tolerance " + AFFINE_TOLERANCE + ")");
                }
            }
        }
        return Optional.empty();
    }

    private static String format(int[] shape) {
        return shape[0] + "x" + shape[1] + "x" + shape[2];
    }
}

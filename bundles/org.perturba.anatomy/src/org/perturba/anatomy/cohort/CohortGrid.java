package org.perturba.anatomy.cohort;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The voxel grid a cohort is written on: its shape (voxels along i, j and k) and, optionally, its
 * isotropic voxel size. Without a voxel size the grid spans the template brain's field of view
 * (with a margin for large heads) along its widest side, as the cubic 32³, 48³ and 64³ cohorts
 * always have; with one, the field of view is the shape times the voxel size, centred on the brain.
 *
 * @param nx voxels along i
 * @param ny voxels along j
 * @param nz voxels along k
 * @param voxelSizeMm the voxel size in mm, or empty to fit the brain into the shape
 */
public record CohortGrid(int nx, int ny, int nz, OptionalDouble voxelSizeMm) {
    /** The grid of the study's default cohort: 32³ voxels of about 6 mm. */
    public static final int DEFAULT_SIDE = 32;
    public static final int MIN_SIDE = 8;
    /** A whole head at 1 mm fits in 256 voxels a side; a finer grid only interpolates the 2 mm template. */
    public static final int MAX_SIDE = 256;
    public static final double MIN_VOXEL_MM = 0.5;
    public static final double MAX_VOXEL_MM = 16;

    public CohortGrid {
        for (int side : new int[] { nx, ny, nz }) {
            if (side < MIN_SIDE || side > MAX_SIDE) {
                throw new IllegalArgumentException("grid sides must be between " + MIN_SIDE + " and " + MAX_SIDE + ", not " + side);
            }
        }
        if (voxelSizeMm.isPresent() && !(voxelSizeMm.getAsDouble() >= MIN_VOXEL_MM && voxelSizeMm.getAsDouble() <= MAX_VOXEL_MM)) {
            throw new IllegalArgumentException("voxel size must be between " + MIN_VOXEL_MM + " and " + MAX_VOXEL_MM + " mm, not "
                    + voxelSizeMm.getAsDouble());
        }
    }

    /** A cube of {@code side} voxels over the brain's field of view. */
    public static CohortGrid cube(int side) {
        return new CohortGrid(side, side, side, OptionalDouble.empty());
    }

    /** {@code shape} with voxels of {@code voxelSizeMm}, centred on the brain. */
    public static CohortGrid of(int[] shape, double voxelSizeMm) {
        return new CohortGrid(shape[0], shape[1], shape[2], OptionalDouble.of(voxelSizeMm));
    }

    /** {@code shape} over the brain's field of view. */
    public static CohortGrid of(int[] shape) {
        return new CohortGrid(shape[0], shape[1], shape[2], OptionalDouble.empty());
    }

    public int[] shape() {
        return new int[] { nx, ny, nz };
    }

    /** {@code 32x32x32} or {@code 96x112x96 at 2 mm}. */
    @Override
    public String toString() {
        String shape = nx + "x" + ny + "x" + nz;
        return voxelSizeMm.isEmpty() ? shape : shape + " at " + formatMm(voxelSizeMm.getAsDouble()) + " mm";
    }

    /** As run records and provenance write it: {@code {"shape": [...]}}, with {@code "voxelSizeMm"} when fixed. */
    public Map<String, Object> describe() {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("shape", Arrays.stream(shape()).boxed().toList());
        voxelSizeMm.ifPresent(mm -> description.put("voxelSizeMm", List.of(mm, mm, mm)));
        return description;
    }

    private static String formatMm(double mm) {
        return mm == Math.rint(mm) ? Long.toString((long) mm) : Double.toString(mm);
    }
}

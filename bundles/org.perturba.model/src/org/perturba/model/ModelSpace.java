package org.perturba.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.perturba.imaging.Affine;
import org.perturba.imaging.Interpolation;
import org.perturba.imaging.Reslicer;
import org.perturba.imaging.Volume;

/**
 * Puts a scan onto a model's input grid by world coordinates ({@link ModelMetadata#gridAffine}),
 * refusing one that is not in the model's space, and carries gradients on the grid back to the scan.
 * Models expect skull-stripped T1 images registered to their space (MNI for Perturba's own): a scan
 * whose header gives no world coordinates, that covers too little of the grid or whose field of view
 * is of another size altogether was not registered, and resampling it would measure nonsense.
 */
public final class ModelSpace {
    /** The share of the grid's voxel centres a scan must cover. */
    static final double MIN_COVERAGE = 0.5;
    /** The most a scan's field of view may differ from the grid's along a world axis, as a ratio. */
    static final double MAX_EXTENT_RATIO = 2;
    /** Affines closer than this (mm, per element) are the same grid. */
    private static final double SAME_GRID_TOLERANCE = 1e-3;
    /** Every this-many voxels along each axis are tried for coverage: enough to measure a share. */
    private static final int COVERAGE_STRIDE = 2;
    private static final String EXPECTED = "the model expects a skull-stripped T1 registered to its space";

    private ModelSpace() {
    }

    /**
     * Whether a scan needs resampling to be on the model's grid: not when it has the grid's shape and
     * either the grid's affine or no world coordinates at all (taken to be on the grid, as stored).
     *
     * @param worldCoordinates whether the header places the scan in world space (sform or qform code above 0)
     */
    public static boolean needsResampling(Volume scan, boolean worldCoordinates, ModelMetadata metadata) {
        if (!Arrays.equals(scan.shape(), metadata.grid())) {
            return true;
        }
        return worldCoordinates && metadata.gridAffine().isPresent() && !same(scan.affine(), metadata.gridAffine().get());
    }

    /**
     * The scan on the model's grid: unchanged when already there, else resampled by world coordinates
     * (label maps to the nearest voxel; images trilinearly, kept to where the scan has signal, see
     * {@link #support}; 0 outside the scan).
     *
     * @throws IllegalArgumentException one line saying why the scan is not in the model's space
     */
    public static Volume onGrid(Volume scan, boolean worldCoordinates, ModelMetadata metadata, Interpolation interpolation) {
        if (!needsResampling(scan, worldCoordinates, metadata)) {
            return scan;
        }
        int[] grid = metadata.grid();
        Affine affine = metadata.gridAffine().orElseThrow(() -> new IllegalArgumentException("the image is " + text(scan.shape())
                + " and the model's grid " + text(grid) + ", and the model records no world position of its grid (saved by an older"
                + " Perturba): put the images on its grid first"));
        if (!worldCoordinates) {
            throw new IllegalArgumentException("its header places it in no world space (sform and qform codes are 0), so it cannot be"
                    + " put on the model's " + text(grid) + " grid; " + EXPECTED);
        }
        double[] scanExtent = extent(scan.affine(), scan.shape());
        double[] gridExtent = extent(affine, grid);
        for (int axis = 0; axis < 3; axis++) {
            double ratio = scanExtent[axis] / gridExtent[axis];
            if (!(ratio <= MAX_EXTENT_RATIO && ratio >= 1 / MAX_EXTENT_RATIO)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "its field of view, %s mm, differs wildly from the model's"
                        + " %s mm; %s", millimetres(scanExtent), millimetres(gridExtent), EXPECTED));
            }
        }
        double coverage = coverage(scan, grid, affine);
        if (coverage < MIN_COVERAGE) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "it covers only %.0f %% of the model's grid in world"
                    + " coordinates (at least %.0f %% is needed); %s", 100 * coverage, 100 * MIN_COVERAGE, EXPECTED));
        }
        Volume resampled = Reslicer.reslice(scan, grid, affine, interpolation, 0);
        return interpolation == Interpolation.NEAREST ? resampled : resampled.withVoxels(masked(resampled.voxels(), support(scan, grid,
                affine)));
    }

    /**
     * Where on the grid the scan has signal: its non-zero voxels resampled trilinearly, kept where at
     * least half. A skull-stripped scan is zero outside the brain; trilinear resampling alone would
     * smear a rim of small values around the brain (at 4.2 to 6.3 mm, 30 % of the grid non-zero
     * against 27 %), which shifts intensity normalisations over the foreground and puts values a model
     * never saw where it was trained on zeros.
     */
    private static boolean[] support(Volume scan, int[] grid, Affine affine) {
        float[] voxels = scan.voxels();
        float[] signal = new float[voxels.length];
        for (int i = 0; i < voxels.length; i++) {
            signal[i] = voxels[i] != 0 ? 1 : 0;
        }
        float[] share = Reslicer.reslice(scan.withVoxels(signal), grid, affine, Interpolation.TRILINEAR, 0).voxels();
        boolean[] support = new boolean[share.length];
        for (int i = 0; i < share.length; i++) {
            support[i] = share[i] >= 0.5f;
        }
        return support;
    }

    private static float[] masked(float[] values, boolean[] support) {
        float[] kept = values.clone();
        for (int i = 0; i < kept.length; i++) {
            if (!support[i]) {
                kept[i] = 0;
            }
        }
        return kept;
    }

    /**
     * The gradient of a prediction with respect to the scan, from its gradient with respect to the
     * scan on the model's grid: the transpose of the masked trilinear resampling {@link #onGrid} did
     * (the mask is the scan's, fixed), or the same values when the scan went in unchanged.
     */
    public static float[] gradientOnScan(float[] gradientOnGrid, Volume scan, boolean worldCoordinates, ModelMetadata metadata) {
        if (!needsResampling(scan, worldCoordinates, metadata)) {
            return gradientOnGrid.clone();
        }
        Affine affine = metadata.gridAffine().orElseThrow();
        float[] onSupport = masked(gradientOnGrid, support(scan, metadata.grid(), affine));
        return Reslicer.trilinearTranspose(onSupport, metadata.grid(), affine, scan);
    }

    private static boolean same(Affine a, Affine b) {
        for (int row = 0; row < 3; row++) {
            for (int column = 0; column < 4; column++) {
                if (Math.abs(a.get(row, column) - b.get(row, column)) > SAME_GRID_TOLERANCE) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The share of the grid's voxel centres (a regular sample of them) that fall inside the scan. */
    private static double coverage(Volume scan, int[] grid, Affine affine) {
        Affine gridToScan = scan.affine().inverse().times(affine);
        int[] shape = scan.shape();
        long inside = 0;
        long tried = 0;
        for (int k = 0; k < grid[2]; k += COVERAGE_STRIDE) {
            for (int j = 0; j < grid[1]; j += COVERAGE_STRIDE) {
                for (int i = 0; i < grid[0]; i += COVERAGE_STRIDE) {
                    double[] point = gridToScan.apply(i, j, k);
                    tried++;
                    if (within(point[0], shape[0]) && within(point[1], shape[1]) && within(point[2], shape[2])) {
                        inside++;
                    }
                }
            }
        }
        return (double) inside / tried;
    }

    private static boolean within(double coordinate, int size) {
        return coordinate >= -0.5 && coordinate <= size - 0.5;
    }

    /** The size in mm of a grid's bounding box along the world axes. */
    private static double[] extent(Affine affine, int[] shape) {
        double[] low = { Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY };
        double[] high = { Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY };
        for (int corner = 0; corner < 8; corner++) {
            double[] point = affine.apply((corner & 1) == 0 ? -0.5 : shape[0] - 0.5, (corner & 2) == 0 ? -0.5 : shape[1] - 0.5,
                    (corner & 4) == 0 ? -0.5 : shape[2] - 0.5);
            for (int axis = 0; axis < 3; axis++) {
                low[axis] = Math.min(low[axis], point[axis]);
                high[axis] = Math.max(high[axis], point[axis]);
            }
        }
        return new double[] { high[0] - low[0], high[1] - low[1], high[2] - low[2] };
    }

    private static String text(int[] shape) {
        return Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }

    private static String millimetres(double[] extent) {
        return Arrays.stream(extent).mapToObj(size -> String.format(Locale.ROOT, "%.0f", size)).collect(Collectors.joining("x"));
    }
}

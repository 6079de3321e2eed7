package org.perturba.experiment.output;

import java.util.Arrays;
import java.util.List;

import org.perturba.imaging.Volume;

/**
 * The grid a run's models read their images on, as {@code summary.json} records it: voxels along
 * i, j and k, and the voxel size along each in mm (from the images' affine).
 */
public record GridSummary(List<Integer> shape, List<Double> voxelSizeMm) {

    public GridSummary {
        shape = List.copyOf(shape);
        voxelSizeMm = List.copyOf(voxelSizeMm);
    }

    /** The grid of {@code volume}, its voxel sizes rounded to a thousandth of a millimetre. */
    public static GridSummary of(Volume volume) {
        return new GridSummary(Arrays.stream(volume.shape()).boxed().toList(),
                Arrays.stream(volume.affine().voxelSizes()).map(size -> Math.round(size * 1000) / 1000.0).boxed().toList());
    }

    /** {@code 96x112x96, 2 mm} (or the three sizes when they differ). */
    public String describe() {
        String sizes = voxelSizeMm.stream().distinct().count() == 1 ? millimetres(voxelSizeMm.get(0))
                : String.join(" x ", voxelSizeMm.stream().map(GridSummary::millimetres).toList());
        return shape.get(0) + "x" + shape.get(1) + "x" + shape.get(2) + ", " + sizes + " mm";
    }

    private static String millimetres(double size) {
        return size == Math.rint(size) ? Long.toString((long) size) : Double.toString(size);
    }
}

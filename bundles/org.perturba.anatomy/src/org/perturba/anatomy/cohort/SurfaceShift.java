package org.perturba.anatomy.cohort;

import java.util.Set;

import org.perturba.imaging.Affine;
import org.perturba.imaging.GaussianFilter;
import org.perturba.imaging.Reslicer;
import org.perturba.imaging.Volume;

/**
 * Moves the boundary of one template structure outwards (enlargement) or inwards (atrophy) by a
 * given distance, as a smooth displacement along the gradient of the structure's blurred mask: the
 * gradient peaks at the boundary, points into the structure and fades within a few millimetres, so
 * neighbouring tissue is pushed aside rather than cut. The volume change is about the boundary area
 * times the distance, which is how a requested volume factor becomes a distance. The template must
 * be axis-aligned (its voxel axes along the world axes), as the embedded one is.
 */
final class SurfaceShift {
    /** Width of the displacement band, and the largest shift that keeps the map one-to-one. */
    private static final double BLUR_MM = 5;
    /** Voxel faces overestimate the area of the smooth surface they approximate by 3/2 on average. */
    private static final double STAIRCASE_AREA_FACTOR = 1.5;

    private final Affine worldToVoxel;
    private final int[] shape;
    private final float[][] gradient;
    private final double volumeMm3;
    private final double boundaryAreaMm2;

    /** @param structure the labels that make up the structure */
    SurfaceShift(Volume labels, Set<Integer> structure) {
        this.shape = labels.shape();
        this.worldToVoxel = labels.affine().inverse();
        float[] in = labels.voxels();
        float[] mask = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            mask[i] = structure.contains(Math.round(in[i])) ? 1 : 0;
        }
        Volume blurred = GaussianFilter.smooth(labels.withVoxels(mask), BLUR_MM);
        this.gradient = normalisedGradient(blurred);
        double[] spacing = labels.spacingMm();
        this.volumeMm3 = count(mask) * labels.voxelVolumeMm3();
        this.boundaryAreaMm2 = boundaryArea(mask, spacing);
    }

    /** The boundary shift in mm that changes the structure's volume by {@code volumeFactor}, within the safe range. */
    double shiftFor(double volumeFactor) {
        double shift = (volumeFactor - 1) * volumeMm3 * STAIRCASE_AREA_FACTOR / boundaryAreaMm2;
        return Math.max(-BLUR_MM, Math.min(BLUR_MM, shift));
    }

    /** Moves a template-world point by {@code shiftMm} along the normalised gradient, in place. */
    void pullBack(double[] point, double shiftMm) {
        double[] voxel = worldToVoxel.apply(point[0], point[1], point[2]);
        for (int axis = 0; axis < 3; axis++) {
            point[axis] += shiftMm * Reslicer.trilinear(gradient[axis], shape, voxel[0], voxel[1], voxel[2], 0);
        }
    }

    /** Central-difference gradient in world units (per mm), scaled so that its largest norm is 1. */
    private static float[][] normalisedGradient(Volume field) {
        int[] n = field.shape();
        double[] spacing = field.spacingMm();
        float[] v = field.voxels();
        float[][] g = new float[3][v.length];
        int[] strides = { 1, n[0], n[0] * n[1] };
        double largest = 0;
        int index = 0;
        for (int k = 0; k < n[2]; k++) {
            for (int j = 0; j < n[1]; j++) {
                for (int i = 0; i < n[0]; i++, index++) {
                    int[] position = { i, j, k };
                    double norm2 = 0;
                    for (int axis = 0; axis < 3; axis++) {
                        if (position[axis] > 0 && position[axis] < n[axis] - 1) {
                            double d = (v[index + strides[axis]] - v[index - strides[axis]]) / (2 * spacing[axis]);
                            g[axis][index] = (float) d;
                            norm2 += d * d;
                        }
                    }
                    largest = Math.max(largest, norm2);
                }
            }
        }
        float scale = (float) (1 / Math.sqrt(largest));
        for (float[] component : g) {
            for (int i = 0; i < component.length; i++) {
                component[i] *= scale;
            }
        }
        return g;
    }

    private static long count(float[] mask) {
        long count = 0;
        for (float value : mask) {
            count += value > 0 ? 1 : 0;
        }
        return count;
    }

    /** Faces between the structure and its outside, each weighted by its area. */
    private double boundaryArea(float[] mask, double[] spacing) {
        double[] faceArea = { spacing[1] * spacing[2], spacing[0] * spacing[2], spacing[0] * spacing[1] };
        int[] strides = { 1, shape[0], shape[0] * shape[1] };
        double area = 0;
        int index = 0;
        for (int k = 0; k < shape[2]; k++) {
            for (int j = 0; j < shape[1]; j++) {
                for (int i = 0; i < shape[0]; i++, index++) {
                    int[] position = { i, j, k };
                    for (int axis = 0; axis < 3; axis++) {
                        if (position[axis] + 1 < shape[axis] && mask[index] != mask[index + strides[axis]]) {
                            area += faceArea[axis];
                        }
                    }
                }
            }
        }
        return area;
    }
}

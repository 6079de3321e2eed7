package org.perturba.anatomy.tests;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.perturba.anatomy.segmentation.SoftSegmenter;
import org.perturba.imaging.Volume;

/**
 * A small but genuine soft segmenter for tests: at every voxel, a softmax over background and the
 * regions of the logits {@code z_k = a_k * x + b_k * m + c_k}, where {@code x} is the voxel's
 * intensity and {@code m} the mean of its face neighbours inside the grid. Its vector-Jacobian
 * product is analytic: through the softmax, then to the voxel itself and to each neighbour it read.
 */
final class NeighbourhoodSoftmaxSegmenter implements SoftSegmenter {
    private static final int[][] FACE_NEIGHBOURS = { { 1, 0, 0 }, { -1, 0, 0 }, { 0, 1, 0 }, { 0, -1, 0 },
            { 0, 0, 1 }, { 0, 0, -1 } };

    private final List<String> regions;
    private final int[] grid;
    /** Per class (background first): weight of the intensity, of the neighbours' mean, and bias. */
    private final double[][] coefficients;
    /** How many images it has segmented: what a caller's caching saves. */
    private final AtomicInteger measurements = new AtomicInteger();

    NeighbourhoodSoftmaxSegmenter(List<String> regions, int[] grid, double[][] coefficients) {
        if (coefficients.length != regions.size() + 1) {
            throw new IllegalArgumentException("one row of coefficients per class, background included");
        }
        this.regions = List.copyOf(regions);
        this.grid = grid.clone();
        this.coefficients = coefficients;
    }

    @Override
    public List<String> regions() {
        return regions;
    }

    @Override
    public int[] grid() {
        return grid.clone();
    }

    int measurements() {
        return measurements.get();
    }

    @Override
    public double[][] probabilities(Volume image) {
        measurements.incrementAndGet();
        return softmax(image);
    }

    private double[][] softmax(Volume image) {
        double[] means = neighbourMeans(image);
        float[] voxels = image.voxels();
        double[][] probabilities = new double[coefficients.length][voxels.length];
        double[] logits = new double[coefficients.length];
        for (int v = 0; v < voxels.length; v++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < logits.length; k++) {
                logits[k] = coefficients[k][0] * voxels[v] + coefficients[k][1] * means[v] + coefficients[k][2];
                max = Math.max(max, logits[k]);
            }
            double sum = 0;
            for (int k = 0; k < logits.length; k++) {
                probabilities[k][v] = Math.exp(logits[k] - max);
                sum += probabilities[k][v];
            }
            for (int k = 0; k < logits.length; k++) {
                probabilities[k][v] /= sum;
            }
        }
        return probabilities;
    }

    @Override
    public double[] vectorJacobianProduct(Volume image, double[][] cotangent) {
        double[][] probabilities = softmax(image);
        int voxels = image.voxelCount();
        double[] gradient = new double[voxels];
        double[] meanGradient = new double[voxels];
        for (int v = 0; v < voxels; v++) {
            double expected = 0;
            for (int k = 0; k < probabilities.length; k++) {
                expected += probabilities[k][v] * cotangent[k][v];
            }
            for (int k = 0; k < probabilities.length; k++) {
                // d softmax: dL/dz_k = p_k (c_k - sum_j p_j c_j)
                double logitGradient = probabilities[k][v] * (cotangent[k][v] - expected);
                gradient[v] += coefficients[k][0] * logitGradient;
                meanGradient[v] += coefficients[k][1] * logitGradient;
            }
        }
        int[] shape = image.shape();
        forEachVoxel(shape, (v, neighbours) -> {
            for (int u : neighbours) {
                gradient[u] += meanGradient[v] / neighbours.length;
            }
        });
        return gradient;
    }

    private static double[] neighbourMeans(Volume image) {
        float[] voxels = image.voxels();
        double[] means = new double[voxels.length];
        forEachVoxel(image.shape(), (v, neighbours) -> {
            double sum = 0;
            for (int u : neighbours) {
                sum += voxels[u];
            }
            means[v] = sum / neighbours.length;
        });
        return means;
    }

    private interface NeighbourVisitor {
        void visit(int voxel, int[] neighbours);
    }

    private static void forEachVoxel(int[] shape, NeighbourVisitor visitor) {
        for (int z = 0; z < shape[2]; z++) {
            for (int y = 0; y < shape[1]; y++) {
                for (int x = 0; x < shape[0]; x++) {
                    int[] neighbours = new int[FACE_NEIGHBOURS.length];
                    int count = 0;
                    for (int[] step : FACE_NEIGHBOURS) {
                        int nx = x + step[0];
                        int ny = y + step[1];
                        int nz = z + step[2];
                        if (nx >= 0 && nx < shape[0] && ny >= 0 && ny < shape[1] && nz >= 0 && nz < shape[2]) {
                            neighbours[count++] = nx + shape[0] * (ny + shape[1] * nz);
                        }
                    }
                    visitor.visit(x + shape[0] * (y + shape[1] * z), java.util.Arrays.copyOf(neighbours, count));
                }
            }
        }
    }
}

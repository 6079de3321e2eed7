package org.perturba.segmentation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How well a segmenter does on examples it did not train on.
 *
 * @param diceMean the mean over regions of {@code dicePerRegion}
 * @param dicePerRegion per region, the Dice overlap of the most probable region with the truth,
 *        averaged over the subjects where either has the region
 * @param volumeCorrelation per region, Pearson's r over subjects between the soft volume (the sum of
 *        the region's probabilities) and the true voxel count; in voxels, which on one grid of one
 *        voxel size is the volume in mm³ up to a common factor r does not see
 */
public record SegmenterEvaluation(int subjects, double diceMean, Map<String, Double> dicePerRegion,
        Map<String, Double> volumeCorrelation) {
    /** Examples per forward pass. */
    private static final int BATCH = 8;

    public static SegmenterEvaluation of(UNetSegmenter segmenter, List<SegmentationExample> test) {
        if (test.isEmpty()) {
            throw new IllegalArgumentException("no subjects to evaluate the segmenter on");
        }
        List<String> regions = segmenter.regions();
        int classes = regions.size() + 1;
        double[][] dice = new double[classes][test.size()];
        double[][] softVolume = new double[classes][test.size()];
        double[][] trueVolume = new double[classes][test.size()];
        for (int start = 0; start < test.size(); start += BATCH) {
            List<SegmentationExample> batch = test.subList(start, Math.min(test.size(), start + BATCH));
            INDArray probabilities = segmenter.softmax(segmenter.networkInput(batch));
            for (int i = 0; i < batch.size(); i++) {
                byte[] truth = batch.get(i).regions();
                // one flat copy: voxel v's probabilities at v * classes (toFloatMatrix makes an array per voxel, 100x slower)
                float[] perVoxel = probabilities.slice(i).dup('c').data().asFloat();
                byte[] predicted = new byte[truth.length];
                for (int v = 0; v < truth.length; v++) {
                    int best = 0;
                    for (int c = 0; c < classes; c++) {
                        float p = perVoxel[v * classes + c];
                        softVolume[c][start + i] += p;
                        best = p > perVoxel[v * classes + best] ? c : best;
                    }
                    predicted[v] = (byte) best;
                    trueVolume[truth[v]][start + i]++;
                }
                for (int c = 1; c < classes; c++) {
                    dice[c][start + i] = dice(predicted, truth, c);
                }
            }
        }
        Map<String, Double> dicePerRegion = new LinkedHashMap<>();
        Map<String, Double> correlation = new LinkedHashMap<>();
        for (int c = 1; c < classes; c++) {
            dicePerRegion.put(regions.get(c - 1), Arrays.stream(dice[c]).filter(d -> !Double.isNaN(d)).average()
                    .orElse(Double.NaN));
            correlation.put(regions.get(c - 1), pearson(softVolume[c], trueVolume[c]));
        }
        double mean = dicePerRegion.values().stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d))
                .average().orElse(Double.NaN);
        return new SegmenterEvaluation(test.size(), mean, dicePerRegion, correlation);
    }

    /** 2 |A ∩ B| / (|A| + |B|) for the voxels of {@code region}; NaN when neither has any. */
    public static double dice(byte[] predicted, byte[] truth, int region) {
        long both = 0;
        long sizes = 0;
        for (int v = 0; v < truth.length; v++) {
            boolean p = predicted[v] == region;
            boolean t = truth[v] == region;
            both += p && t ? 1 : 0;
            sizes += (p ? 1 : 0) + (t ? 1 : 0);
        }
        return sizes == 0 ? Double.NaN : 2.0 * both / sizes;
    }

    /** NaN for fewer than two subjects or a constant series. */
    static double pearson(double[] a, double[] b) {
        int n = a.length;
        double meanA = Arrays.stream(a).average().orElse(Double.NaN);
        double meanB = Arrays.stream(b).average().orElse(Double.NaN);
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < n; i++) {
            ab += (a[i] - meanA) * (b[i] - meanB);
            aa += (a[i] - meanA) * (a[i] - meanA);
            bb += (b[i] - meanB) * (b[i] - meanB);
        }
        return n < 2 || aa == 0 || bb == 0 ? Double.NaN : ab / Math.sqrt(aa * bb);
    }
}

package org.perturba.segmentation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.dl4j.Nd4jRuntime;
import org.perturba.model.training.DatasetPreparation;
import org.perturba.model.training.TrainingSpec;

/**
 * Trains a segmenter: mini-batches shuffled from the seed, per-voxel cross-entropy weighted against
 * class imbalance ({@link #classWeights}), and early
 * stopping when the validation Dice has not improved for {@code patience} epochs, keeping the
 * weights of the best epoch. Deterministic for a seed on the CPU. Images are not augmented (the
 * spec's {@code augment} is not read): the label maps would have to move with them, and the
 * segmenter only ever sees images normalised like its training data.
 */
public final class SegmenterTrainer {
    /**
     * About two minutes for the demo cohort (210 training subjects at 32³) on 2 cores; with batches
     * of 1 its validation Dice peaked at epoch 12 and did not improve in the 4 epochs after
     * (docs/segmentation.md).
     */
    public static final int DEFAULT_EPOCHS = 12;
    /**
     * Single examples: at equal epochs, more updates learn more (demo cohort: test Dice 0.82 with
     * batches of 1 after 16 epochs, 0.80 with batches of 2 after 20; validation Dice 0.68 against
     * 0.45 after two epochs).
     */
    public static final int DEFAULT_BATCH = 1;
    public static final int DEFAULT_PATIENCE = 4;

    public UNetSegmenter train(RegionScheme scheme, int[] grid, List<SegmentationExample> train,
            List<SegmentationExample> validation, TrainingSpec spec, SegmenterProgress progress) {
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("training a segmenter needs subjects in both the training and the validation split (got "
                    + train.size() + " and " + validation.size() + ")");
        }
        int voxels = grid[0] * grid[1] * grid[2];
        for (SegmentationExample example : train) {
            if (example.image().length != voxels) {
                throw new IllegalArgumentException(example.id() + ": " + example.image().length + " voxels, not on the grid "
                        + grid[0] + "x" + grid[1] + "x" + grid[2]);
            }
        }
        SegmenterMetadata metadata = new SegmenterMetadata(grid, scheme.id(), scheme.regions(),
                DatasetPreparation.NORMALISATION.text(), spec.seed(), dataHash(train));
        // small regions (hippocampus and amygdala: a fraction of a per cent of the grid) otherwise get
        // almost no gradient: on the demo cohort, validation Dice 0.20 after two epochs instead of 0.16
        UNetSegmenter segmenter = UNetSegmenter.create(metadata, classWeights(train, metadata.classes()));
        ComputationGraph network = segmenter.network();
        Random random = new Random(spec.seed());
        List<SegmentationExample> order = new ArrayList<>(train);
        double bestDice = Double.NEGATIVE_INFINITY;
        INDArray bestParameters = network.params().dup();
        int epochsWithoutImprovement = 0;
        for (int epoch = 1; epoch <= spec.epochs() && epochsWithoutImprovement < spec.patience(); epoch++) {
            Collections.shuffle(order, random);
            double lossSum = 0;
            int steps = 0;
            for (int start = 0; start < order.size(); start += spec.batchSize()) {
                if (progress.isCancelled()) {
                    throw new CancellationException("segmenter training cancelled in epoch " + epoch);
                }
                List<SegmentationExample> batch = order.subList(start, Math.min(order.size(), start + spec.batchSize()));
                synchronized (segmenter) {
                    network.fit(new INDArray[] { segmenter.networkInput(batch) }, new INDArray[] { segmenter.networkLabels(batch) });
                }
                lossSum += network.score();
                steps++;
            }
            network.incrementEpochCount();
            double dice = SegmenterEvaluation.of(segmenter, validation).diceMean();
            boolean best = dice > bestDice;
            if (best) {
                bestDice = dice;
                bestParameters = network.params().dup();
                epochsWithoutImprovement = 0;
            } else {
                epochsWithoutImprovement++;
            }
            progress.epochDone(epoch, spec.epochs(), lossSum / steps, dice, best);
        }
        network.setParams(bestParameters);
        Nd4jRuntime.releaseWorkspaces();
        return segmenter;
    }

    /**
     * Weights inversely proportional to the square root of each class's share of the training
     * voxels, scaled so that the weighted share sums to 1 (the loss keeps its scale).
     */
    static double[] classWeights(List<SegmentationExample> train, int classes) {
        double[] counts = new double[classes];
        for (SegmentationExample example : train) {
            for (byte region : example.regions()) {
                counts[region]++;
            }
        }
        double[] weights = new double[classes];
        double weighted = 0;
        for (int c = 0; c < classes; c++) {
            weights[c] = counts[c] > 0 ? 1 / Math.sqrt(counts[c]) : 0;
            weighted += weights[c] * counts[c];
        }
        for (int c = 0; c < classes; c++) {
            weights[c] = counts[c] > 0 ? weights[c] * Arrays.stream(counts).sum() / weighted : 1;
        }
        return weights;
    }

    /** SHA-256 over the training examples' ids, images and regions, in id order. */
    static String dataHash(List<SegmentationExample> examples) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        for (SegmentationExample example : examples.stream().sorted(Comparator.comparing(SegmentationExample::id)).toList()) {
            digest.update(example.id().getBytes(StandardCharsets.UTF_8));
            ByteBuffer image = ByteBuffer.allocate(example.image().length * 4);
            image.asFloatBuffer().put(example.image());
            digest.update(image.array());
            digest.update(example.regions());
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }
}

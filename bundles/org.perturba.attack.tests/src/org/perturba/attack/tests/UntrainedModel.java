package org.perturba.attack.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.anatomy.FeatureStandardisation;
import org.perturba.anatomy.LabelMap;
import org.perturba.anatomy.tissue.SoftTissueVolumeExtractor;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelInput;
import org.perturba.model.ModelMetadata;
import org.perturba.model.ModelMetadata.ContextSpec;
import org.perturba.model.cnn.ConventionalCnnFactory;
import org.perturba.model.hybrid.ExtractedContextPath;
import org.perturba.model.hybrid.HybridModelFactory;

/**
 * Real, untrained models on a 16³ grid (conventional, and hybrid with soft-tissue context computed
 * from the image) and fixed batches of images to attack them with.
 */
final class UntrainedModel {
    static final int[] GRID = { 16, 16, 16 };
    private static final Volume TEMPLATE = Volume.zeros(GRID, Affine.diagonal(1, 1, 1));

    private UntrainedModel() {
    }

    static BrainAgeModel conventional() {
        return new ConventionalCnnFactory().create(new ModelMetadata("conventional", GRID, "none", 50, 10,
                Optional.empty(), 7, ""));
    }

    /** Two images of seeded uniform noise, kept inside (0, 1) by {@code margin}. */
    static INDArray images(double margin) {
        Nd4j.getRandom().setSeed(11);
        return Nd4j.rand(DataType.FLOAT, 2, 1, GRID[0], GRID[1], GRID[2]).muli(1 - 2 * margin).addi(margin);
    }

    /**
     * {@code n} skull-stripped "heads": a ball of radius 6 of seeded noise in [0.2, 0.6] (around the
     * soft-tissue threshold), exactly 0 outside it.
     */
    static INDArray heads(int n, long seed) {
        Random random = new Random(seed);
        INDArray images = Nd4j.zeros(DataType.FLOAT, n, 1, GRID[0], GRID[1], GRID[2]);
        for (int example = 0; example < n; example++) {
            for (int x = 0; x < GRID[0]; x++) {
                for (int y = 0; y < GRID[1]; y++) {
                    for (int z = 0; z < GRID[2]; z++) {
                        if (inHead(x, y, z)) {
                            images.putScalar(new long[] { example, 0, x, y, z }, 0.2 + 0.4 * random.nextDouble());
                        }
                    }
                }
            }
        }
        return images;
    }

    /** 1 where {@link #heads} are inside the head, else 0. */
    static INDArray headMask(int n) {
        INDArray mask = Nd4j.zeros(DataType.FLOAT, n, 1, GRID[0], GRID[1], GRID[2]);
        for (int example = 0; example < n; example++) {
            for (int x = 0; x < GRID[0]; x++) {
                for (int y = 0; y < GRID[1]; y++) {
                    for (int z = 0; z < GRID[2]; z++) {
                        mask.putScalar(new long[] { example, 0, x, y, z }, inHead(x, y, z) ? 1 : 0);
                    }
                }
            }
        }
        return mask;
    }

    /**
     * A hybrid model taking the soft-tissue volumes of two regions (left and right half of the head)
     * and the fluid volume, standardised around the values of {@code heads(2, 3)}.
     */
    static BrainAgeModel hybrid() {
        FeatureStandardisation standardisation = FeatureStandardisation.of(
                List.of("tissue:left", "tissue:right", "fluid:labelled-brain"), new double[] { 280, 280, 350 },
                new double[] { 20, 20, 30 });
        return new HybridModelFactory().create(new ModelMetadata("hybrid", GRID, "none", 50, 10,
                Optional.of(new ContextSpec("soft-tissue-volumes", standardisation)), 7, ""));
    }

    /** {@code images} with their context computed from them through the hybrid model's context path. */
    static ModelInput withContextPath(BrainAgeModel hybrid, INDArray images) {
        List<Optional<LabelMap>> labels = new ArrayList<>();
        for (int i = 0; i < images.size(0); i++) {
            labels.add(Optional.of(labels()));
        }
        return ModelInput.withContextPath(images, new ExtractedContextPath(new SoftTissueVolumeExtractor(), labels,
                TEMPLATE, hybrid.metadata().context().orElseThrow().standardisation()));
    }

    /** Label 1 ("left") and 2 ("right") halves of the head. */
    private static LabelMap labels() {
        float[] voxels = new float[GRID[0] * GRID[1] * GRID[2]];
        int index = 0;
        for (int z = 0; z < GRID[2]; z++) {
            for (int y = 0; y < GRID[1]; y++) {
                for (int x = 0; x < GRID[0]; x++, index++) {
                    voxels[index] = inHead(x, y, z) ? (x < GRID[0] / 2 ? 1 : 2) : 0;
                }
            }
        }
        return new LabelMap(TEMPLATE.withVoxels(voxels), Map.of(1, "left", 2, "right"));
    }

    private static boolean inHead(int x, int y, int z) {
        double d2 = Math.pow(x - 7.5, 2) + Math.pow(y - 7.5, 2) + Math.pow(z - 7.5, 2);
        return d2 <= 36;
    }
}

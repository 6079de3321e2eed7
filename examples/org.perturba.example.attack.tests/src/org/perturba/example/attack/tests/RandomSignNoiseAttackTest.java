package org.perturba.example.attack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.fgsm.FgsmAttack;
import org.perturba.example.attack.RandomSignNoiseAttack;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelInput;
import org.perturba.model.ModelMetadata;
import org.perturba.model.cnn.ConventionalCnnFactory;

/** The example attack: exact budget, background untouched, seeded, and far weaker than FGSM. */
class RandomSignNoiseAttackTest {
    private static final double EPSILON = 0.03;
    private static final int SIDE = 16;

    private final INDArray images = heads();
    private final ModelInput input = ModelInput.imagesOnly(images);

    @Test
    void movesEveryVoxelOfTheHeadByEpsilonAndNothingElse() {
        INDArray noisy = noise(1);
        INDArray change = Transforms.abs(noisy.sub(images), false);
        INDArray inside = images.neq(0.0).castTo(DataType.FLOAT);
        // heads are in [0.2, 0.6]: no clamping, so every head voxel moves by exactly epsilon
        assertEquals(0, change.sub(inside.mul(EPSILON)).amaxNumber().doubleValue(), 1e-6);
        assertTrue(noisy.minNumber().doubleValue() >= 0 && noisy.maxNumber().doubleValue() <= 1);
        double up = noisy.sub(images).gt(0.0).castTo(DataType.FLOAT).sumNumber().doubleValue();
        double moved = inside.sumNumber().doubleValue();
        assertEquals(0.5, up / moved, 0.05, "signs are balanced");
    }

    @Test
    void theSeedFixesTheNoise() {
        assertEquals(noise(4), noise(4));
        assertNotEquals(noise(4), noise(5));
    }

    @Test
    void movesTheAgeFarLessThanAGradientAttackOfTheSameBudget() {
        BrainAgeModel model = new ConventionalCnnFactory().create(new ModelMetadata("conventional",
                new int[] { SIDE, SIDE, SIDE }, "none", 50, 10, Optional.empty(), 7, ""));
        double[] clean = model.predictAges(input);
        double[] random = model.predictAges(input.withImages(noise(2)));
        double[] fgsm = model.predictAges(input.withImages(new FgsmAttack().perturb(model, input, new AttackParameters(
                Map.of("epsilon", Double.toString(EPSILON), "direction", "untargeted", "brain-only", "true")))));
        for (int i = 0; i < clean.length; i++) {
            assertTrue(Math.abs(random[i] - clean[i]) < Math.abs(fgsm[i] - clean[i]) / 2,
                    "noise moved " + (random[i] - clean[i]) + ", FGSM " + (fgsm[i] - clean[i]));
        }
    }

    private INDArray noise(int seed) {
        Map<String, String> values = new HashMap<>(Map.of("epsilon", Double.toString(EPSILON), "seed",
                Integer.toString(seed), "brain-only", "true"));
        return new RandomSignNoiseAttack().perturb(null, input, new AttackParameters(values));
    }

    /** Two balls of seeded noise in [0.2, 0.6], exactly 0 outside. */
    private static INDArray heads() {
        Nd4j.getRandom().setSeed(6);
        INDArray images = Nd4j.rand(DataType.FLOAT, 2, 1, SIDE, SIDE, SIDE).muli(0.4).addi(0.2);
        for (int x = 0; x < SIDE; x++) {
            for (int y = 0; y < SIDE; y++) {
                for (int z = 0; z < SIDE; z++) {
                    if (Math.pow(x - 7.5, 2) + Math.pow(y - 7.5, 2) + Math.pow(z - 7.5, 2) > 36) {
                        for (int example = 0; example < 2; example++) {
                            images.putScalar(new long[] { example, 0, x, y, z }, 0);
                        }
                    }
                }
            }
        }
        return images;
    }
}

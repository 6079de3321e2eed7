package org.perturba.attack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.attack.Attack;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.apgd.ApgdL2Attack;
import org.perturba.attack.apgd.ApgdLinfAttack;
import org.perturba.attack.fgsm.FgsmAttack;
import org.perturba.attack.pgd.PgdL2Attack;
import org.perturba.attack.pgd.PgdLinfAttack;
import org.perturba.attack.square.SquareLinfAttack;
import org.perturba.attack.universal.UniversalPerturbationAttack;
import org.perturba.model.ModelInput;

/**
 * Full strength on a linear model {@code age = w . x + b}, where the best attack is known: within the
 * brain mask (ventricles at 0 included, but never darker than 0) an L-infinity budget moves the age
 * by {@code epsilon * ||w_free||_1} and an L2 budget of radius {@code epsilon * sqrt(m)} ({@code m}
 * the mask's voxels) by {@code epsilon * sqrt(m) * ||w_free||_2}. Every attack, with its declared
 * defaults, reaches it within 1 % both ways.
 */
class LinearOptimumTest {
    private static final double EPSILON = 0.01;
    /** The defaults plugin.xml declares for the parameters the attacks read. */
    private static final Map<String, String> DEFAULTS = Map.ofEntries(Map.entry("epsilon", Double.toString(EPSILON)),
            Map.entry("brain-only", "true"), Map.entry("shift-years", "0"), Map.entry("target-age", "0"),
            Map.entry("steps", "10"), Map.entry("step-fraction", "0.5"), Map.entry("restarts", "1"),
            Map.entry("seed", "0"), Map.entry("queries", "300"), Map.entry("p-init", "0.05"),
            Map.entry("epochs", "5"), Map.entry("batch-size", "8"));
    private static final Map<String, String> APGD = Map.of("steps", "20");

    private static INDArray weights;
    private static ProjectionModel model;
    private static ModelInput input;

    @BeforeAll
    static void build() {
        weights = ProjectionModel.randomWeights(5);
        model = ProjectionModel.linear(weights, 50);
        input = Ventricles.input(2, 9);
    }

    @Test
    void everyLinfAttackMovesTheAgeByEpsilonTimesTheL1NormInsideTheMask() {
        for (String direction : new String[] { "increase", "decrease" }) {
            assertReaches(new FgsmAttack(), direction, 1);
            assertReaches(new PgdLinfAttack(), direction, 1);
            assertReaches(new ApgdLinfAttack(), direction, 1, "steps", APGD.get("steps"));
            assertReaches(new SquareLinfAttack(), direction, 1, "queries", "4000");
            assertReaches(new UniversalPerturbationAttack(), direction, 1);
        }
    }

    @Test
    void everyL2AttackMovesTheAgeByTheRadiusOfTheMaskTimesTheL2Norm() {
        for (String direction : new String[] { "increase", "decrease" }) {
            assertReaches(new PgdL2Attack(), direction, 2);
            assertReaches(new ApgdL2Attack(), direction, 2, "steps", APGD.get("steps"));
        }
    }

    @Test
    void theVentriclesAreAttackedAndTheBackgroundIsNot() {
        INDArray change = new PgdLinfAttack().perturb(model, input.rows(new int[] { 0 }),
                Parameters.of(DEFAULTS, "direction", "increase")).sub(input.images().slice(0));
        for (int x = 0; x < 8; x++) {
            for (int y = 0; y < 8; y++) {
                for (int z = 0; z < 8; z++) {
                    boolean inMask = input.brainMask().get().getDouble(0, 0, x, y, z) > 0;
                    double expected = inMask && (weights.getDouble(0, 0, x, y, z) > 0 || !Ventricles.ventricle(x, y, z))
                            ? EPSILON : 0;
                    assertEquals(expected, Math.abs(change.getDouble(0, 0, x, y, z)), 1e-6, x + "," + y + "," + z);
                }
            }
        }
    }

    /** Asserts that {@code attack} moves every image's age {@code direction} by the optimum of an L-{@code p} budget, within 1 %. */
    private static void assertReaches(Attack attack, String direction, int p, String... overrides) {
        double push = direction.equals("increase") ? 1 : -1;
        AttackParameters parameters = Parameters.of(DEFAULTS, overrides);
        parameters = Parameters.of(parameters.values(), "direction", direction);
        INDArray free = Ventricles.free(input, weights, push);
        double[] clean = model.predictAges(input);
        double[] attacked = model.predictAges(input.withImages(attack.perturb(model, input, parameters)));
        for (int i = 0; i < clean.length; i++) {
            INDArray w = free.slice(i).mul(weights.slice(0).castTo(DataType.DOUBLE));
            double optimum = p == 1 ? EPSILON * w.norm1Number().doubleValue()
                    : EPSILON * Math.sqrt(Ventricles.maskVoxels()) * w.norm2Number().doubleValue();
            double shift = push * (attacked[i] - clean[i]);
            assertEquals(optimum, shift, 0.01 * optimum, attack.getClass().getSimpleName() + " " + direction + ", image " + i);
        }
    }
}

package org.perturba.attack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.attack.pgd.PgdL2Attack;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelInput;

/** PGD in the L2 ball against an untrained CNN: budget, head, range, objective, seed. */
class PgdL2AttackTest {
    private static final double EPSILON = 0.02;
    private static final Map<String, String> DEFAULTS = Map.of("epsilon", Double.toString(EPSILON), "direction",
            "increase", "steps", "8", "step-fraction", "0.25", "restarts", "1", "seed", "3", "brain-only", "true");

    private static BrainAgeModel model;
    private static ModelInput input;

    @BeforeAll
    static void buildModel() {
        model = UntrainedModel.conventional();
        input = ModelInput.imagesOnly(UntrainedModel.heads(2, 5));
    }

    @Test
    void staysInTheL2BallTheRangeAndTheHead() {
        INDArray adversarial = pgd();
        double radius = EPSILON * Math.sqrt(UntrainedModel.headMask(1).sumNumber().doubleValue()); // brain-only: the head's voxels
        for (int i = 0; i < 2; i++) {
            double norm = adversarial.slice(i).sub(input.images().slice(i)).norm2Number().doubleValue();
            assertTrue(norm <= radius + 1e-4 && norm > radius / 2, "L2 change " + norm + ", radius " + radius);
        }
        assertEquals(0, adversarial.mul(UntrainedModel.headMask(2).rsub(1)).amaxNumber().doubleValue(),
                "the background stays exactly 0");
        assertTrue(adversarial.minNumber().doubleValue() >= 0 && adversarial.maxNumber().doubleValue() <= 1);
        assertTrue(Parameters.linf(adversarial, input.images())[0] > EPSILON,
                "an L2 attacker may change single voxels by more than the RMS budget");
    }

    @Test
    void movesTheAgeTheAskedWay() {
        double[] clean = model.predictAges(input);
        double[] older = model.predictAges(input.withImages(pgd()));
        double[] younger = model.predictAges(input.withImages(pgd("direction", "decrease")));
        for (int i = 0; i < clean.length; i++) {
            assertTrue(older[i] > clean[i] && younger[i] < clean[i], clean[i] + " -> " + older[i] + " / " + younger[i]);
        }
    }

    @Test
    void theSeedFixesTheResultAndBrainOnlyCanBeSwitchedOff() {
        assertEquals(pgd("seed", "9"), pgd("seed", "9"));
        INDArray anywhere = pgd("brain-only", "false");
        assertTrue(anywhere.mul(UntrainedModel.headMask(2).rsub(1)).amaxNumber().doubleValue() > 0);
    }

    private static INDArray pgd(String... overrides) {
        return new PgdL2Attack().perturb(model, input, Parameters.of(DEFAULTS, overrides));
    }
}

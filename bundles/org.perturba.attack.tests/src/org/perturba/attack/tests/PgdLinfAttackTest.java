package org.perturba.attack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.fgsm.FgsmAttack;
import org.perturba.attack.pgd.PgdLinfAttack;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelInput;

/** PGD against a real (untrained) conventional CNN: budget, range, objective, restarts, determinism. */
class PgdLinfAttackTest {
    private static final double EPSILON = 0.02;

    private static BrainAgeModel model;
    private static ModelInput input;

    @BeforeAll
    static void buildModel() {
        model = UntrainedModel.conventional();
        input = ModelInput.imagesOnly(UntrainedModel.images(0.05));
    }

    @Test
    void staysWithinTheBudgetAndTheIntensityRange() {
        INDArray adversarial = pgd("increase", 1, 0);
        assertTrue(adversarial.sub(input.images()).amaxNumber().doubleValue() <= EPSILON + 1e-6);
        assertTrue(adversarial.minNumber().doubleValue() >= 0 && adversarial.maxNumber().doubleValue() <= 1);
    }

    @Test
    void movesTheAgeTheAskedWayAtLeastAsFarAsFgsm() {
        double[] clean = model.predictAges(input);
        double[] older = model.predictAges(ModelInput.imagesOnly(pgd("increase", 1, 0)));
        double[] younger = model.predictAges(ModelInput.imagesOnly(pgd("decrease", 1, 0)));
        double[] fgsm = model.predictAges(ModelInput.imagesOnly(new FgsmAttack().perturb(model, input,
                new AttackParameters(Map.of("epsilon", Double.toString(EPSILON), "direction", "increase")))));
        for (int i = 0; i < clean.length; i++) {
            assertTrue(older[i] > clean[i] && younger[i] < clean[i], clean[i] + " -> " + older[i] + " / " + younger[i]);
            assertTrue(older[i] >= fgsm[i] - 1e-3, "PGD " + older[i] + " vs FGSM " + fgsm[i]);
        }
    }

    @Test
    void restartsNeverDoWorseAndTheSeedFixesTheResult() {
        double[] one = model.predictAges(ModelInput.imagesOnly(pgd("increase", 1, 5)));
        double[] three = model.predictAges(ModelInput.imagesOnly(pgd("increase", 3, 5)));
        for (int i = 0; i < one.length; i++) {
            assertTrue(three[i] >= one[i] - 1e-4, "restarts: " + one[i] + " -> " + three[i]);
        }
        assertEquals(pgd("decrease", 2, 9), pgd("decrease", 2, 9));
    }

    private static INDArray pgd(String direction, int restarts, int seed) {
        Map<String, String> values = new HashMap<>(Map.of("epsilon", Double.toString(EPSILON), "direction", direction,
                "steps", "8", "step-fraction", "0.25", "restarts", Integer.toString(restarts), "seed", Integer.toString(seed)));
        return new PgdLinfAttack().perturb(model, input, new AttackParameters(values));
    }
}

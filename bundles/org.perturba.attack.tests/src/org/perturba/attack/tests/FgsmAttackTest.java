package org.perturba.attack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.fgsm.FgsmAttack;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelInput;

/** FGSM against a real (untrained) conventional CNN: the age moves the asked way within the budget. */
class FgsmAttackTest {
    private static final double EPSILON = 0.05;

    private static BrainAgeModel model;
    private static INDArray images;

    @BeforeAll
    static void buildModel() {
        model = UntrainedModel.conventional();
        images = UntrainedModel.images(0.1);
    }

    @Test
    void pushesThePredictedAgeTheAskedWay() {
        double[] clean = model.predictAges(ModelInput.imagesOnly(images));
        double[] older = model.predictAges(ModelInput.imagesOnly(attack("increase")));
        double[] younger = model.predictAges(ModelInput.imagesOnly(attack("decrease")));
        for (int i = 0; i < clean.length; i++) {
            assertTrue(older[i] > clean[i], "increase: " + clean[i] + " -> " + older[i]);
            assertTrue(younger[i] < clean[i], "decrease: " + clean[i] + " -> " + younger[i]);
        }
    }

    @Test
    void staysWithinTheBudgetAndTheIntensityRange() {
        INDArray adversarial = attack("increase");
        double largestChange = adversarial.sub(images).amaxNumber().doubleValue();
        assertEquals(EPSILON, largestChange, 1e-6);
        assertTrue(adversarial.minNumber().doubleValue() >= 0.0);
        assertTrue(adversarial.maxNumber().doubleValue() <= 1.0);
    }

    private static INDArray attack(String direction) {
        return new FgsmAttack().perturb(model, ModelInput.imagesOnly(images),
                new AttackParameters(Map.of("epsilon", Double.toString(EPSILON), "direction", direction)));
    }
}

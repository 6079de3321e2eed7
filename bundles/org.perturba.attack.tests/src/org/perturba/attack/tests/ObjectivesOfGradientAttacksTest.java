package org.perturba.attack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.attack.Attack;
import org.perturba.attack.apgd.ApgdL2Attack;
import org.perturba.attack.apgd.ApgdLinfAttack;
import org.perturba.attack.fgsm.FgsmAttack;
import org.perturba.attack.pgd.PgdL2Attack;
import org.perturba.attack.pgd.PgdLinfAttack;
import org.perturba.attack.square.SquareLinfAttack;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelInput;

/** The common parameters direction (untargeted), shift-years and brain-only, on every attack that searches a budget. */
class ObjectivesOfGradientAttacksTest {
    private static final Map<String, String> DEFAULTS = Map.of("epsilon", "0.02", "direction", "increase", "steps",
            "8", "step-fraction", "0.25", "restarts", "1", "seed", "1", "brain-only", "true", "shift-years", "0",
            "queries", "60", "p-init", "0.05");
    private static final Attack[] ATTACKS = { new FgsmAttack(), new PgdLinfAttack(), new PgdL2Attack(), new ApgdLinfAttack(),
            new ApgdL2Attack() };

    private static BrainAgeModel model;
    private static ModelInput input;
    private static double[] clean;

    @BeforeAll
    static void buildModel() {
        model = UntrainedModel.conventional();
        input = ModelInput.imagesOnly(UntrainedModel.heads(2, 8));
        clean = model.predictAges(input);
    }

    @Test
    void untargetedMovesEveryAgeAtLeastAsFarAsIncreasing() {
        for (Attack attack : withSquare()) {
            double[] untargeted = ages(attack, "direction", "untargeted");
            double[] increased = ages(attack, "direction", "increase");
            for (int i = 0; i < clean.length; i++) {
                double shift = Math.abs(untargeted[i] - clean[i]);
                assertTrue(shift > 0 && shift >= increased[i] - clean[i] - 1e-4, attack.getClass().getSimpleName()
                        + ": untargeted |shift| " + shift + ", increase " + (increased[i] - clean[i]));
            }
        }
    }

    @Test
    void targetedAttacksLandCloserToTheTargetThanCleanAndThanAnUnboundedPush() {
        for (Attack attack : new Attack[] { new PgdLinfAttack(), new PgdL2Attack(), new ApgdLinfAttack(), new ApgdL2Attack() }) {
            double[] unbounded = ages(attack, "direction", "decrease");
            double reach = Double.MAX_VALUE;
            for (int i = 0; i < clean.length; i++) {
                reach = Math.min(reach, clean[i] - unbounded[i]);
            }
            assertTrue(reach > 0, "the unbounded attack must move the ages down");
            double shift = reach / 2;
            double[] targeted = ages(attack, "direction", "decrease", "shift-years", Double.toString(shift));
            for (int i = 0; i < clean.length; i++) {
                double target = clean[i] - shift;
                double miss = Math.abs(targeted[i] - target);
                assertTrue(miss < shift / 2 && miss < Math.abs(unbounded[i] - target), attack.getClass().getSimpleName()
                        + ": target " + target + ", targeted " + targeted[i] + ", unbounded " + unbounded[i]);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> ages(new PgdLinfAttack(), "direction", "untargeted",
                "shift-years", "1"));
    }

    @Test
    void brainOnlyLeavesTheBackgroundExactlyZero() {
        INDArray outside = UntrainedModel.headMask(2).rsub(1);
        for (Attack attack : ATTACKS) {
            INDArray adversarial = attack.perturb(model, input, Parameters.of(DEFAULTS, "direction", "untargeted"));
            assertEquals(0, adversarial.mul(outside).amaxNumber().doubleValue(), attack.getClass().getSimpleName());
            assertTrue(adversarial.sub(input.images()).amaxNumber().doubleValue() > 0);
            INDArray anywhere = attack.perturb(model, input, Parameters.of(DEFAULTS, "brain-only", "false"));
            assertTrue(anywhere.mul(outside).amaxNumber().doubleValue() > 0, attack.getClass().getSimpleName());
        }
    }

    /** The gradient attacks and the score-based one. */
    private static Attack[] withSquare() {
        Attack[] all = Arrays.copyOf(ATTACKS, ATTACKS.length + 1);
        all[ATTACKS.length] = new SquareLinfAttack();
        return all;
    }

    private static double[] ages(Attack attack, String... overrides) {
        return model.predictAges(input.withImages(attack.perturb(model, input, Parameters.of(DEFAULTS, overrides))));
    }
}

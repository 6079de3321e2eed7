package org.perturba.attack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.attack.adaptive.AdaptivePgdAttack;
import org.perturba.attack.pgd.PgdLinfAttack;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelInput;

/**
 * The adaptive attack against a hybrid model whose soft-tissue context is computed from the image:
 * it moves the context features, image-only PGD does not; budget; clear refusal without a context
 * path.
 */
class AdaptivePgdAttackTest {
    private static final double EPSILON = 0.03;
    private static final Map<String, String> DEFAULTS = Map.of("epsilon", Double.toString(EPSILON), "direction",
            "increase", "steps", "6", "step-fraction", "0.25", "restarts", "1", "seed", "4", "brain-only", "true",
            "shift-years", "0");

    private static BrainAgeModel hybrid;
    private static ModelInput input;

    @BeforeAll
    static void buildModel() {
        hybrid = UntrainedModel.hybrid();
        input = UntrainedModel.withContextPath(hybrid, UntrainedModel.heads(2, 13));
    }

    @Test
    void changesTheContextFeaturesWhereImageOnlyPgdLeavesThemFixed() {
        ModelInput adaptive = new AdaptivePgdAttack().perturbInput(hybrid, input, Parameters.of(DEFAULTS));
        ModelInput imageOnly = new PgdLinfAttack().perturbInput(hybrid, input, Parameters.of(DEFAULTS));
        INDArray clean = input.context().orElseThrow();
        assertSame(clean, imageOnly.context().orElseThrow(), "threat model 1: the context stays as given");
        INDArray recomputed = input.contextPath().orElseThrow().features(adaptive.images());
        assertEquals(recomputed, adaptive.context().orElseThrow(), "the final context is that of the adversarial images");
        double moved = recomputed.sub(clean).amaxNumber().doubleValue();
        assertTrue(moved > 0.1, "the adaptive attack should move the standardised context, moved " + moved);
        double[] before = hybrid.predictAges(input);
        double[] after = hybrid.predictAges(adaptive);
        for (int i = 0; i < before.length; i++) {
            assertTrue(after[i] > before[i], before[i] + " -> " + after[i]);
        }
    }

    @Test
    void staysWithinTheBudgetAndTheHead() {
        INDArray adversarial = new AdaptivePgdAttack().perturb(hybrid, input, Parameters.of(DEFAULTS, "direction",
                "untargeted"));
        assertTrue(adversarial.sub(input.images()).amaxNumber().doubleValue() <= EPSILON + 1e-6);
        assertEquals(0, adversarial.mul(UntrainedModel.headMask(2).rsub(1)).amaxNumber().doubleValue());
        assertTrue(adversarial.minNumber().doubleValue() >= 0 && adversarial.maxNumber().doubleValue() <= 1);
    }

    @Test
    void refusesInputsWithoutAContextPath() {
        ModelInput fixed = ModelInput.of(input.images(), input.context().orElseThrow());
        IllegalArgumentException refusal = assertThrows(IllegalArgumentException.class,
                () -> new AdaptivePgdAttack().perturb(hybrid, fixed, Parameters.of(DEFAULTS)));
        assertTrue(refusal.getMessage().contains("context path"), refusal.getMessage());
    }
}

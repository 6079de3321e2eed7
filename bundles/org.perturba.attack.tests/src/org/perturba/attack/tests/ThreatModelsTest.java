package org.perturba.attack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.attack.Attack;
import org.perturba.attack.apgd.ApgdL2Attack;
import org.perturba.attack.apgd.ApgdLinfAttack;
import org.perturba.attack.fgsm.FgsmAttack;
import org.perturba.attack.gradient.GradientOracle;
import org.perturba.attack.pgd.PgdL2Attack;
import org.perturba.attack.pgd.PgdLinfAttack;
import org.perturba.attack.universal.UniversalPerturbationAttack;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ContextPath;
import org.perturba.model.ModelInput;

/**
 * The input decides the threat model: with a context path every gradient attack (and the universal
 * fit) differentiates through the context; without one the context stays as given. Against an untrained hybrid whose soft-tissue context is
 * computed from the image.
 */
class ThreatModelsTest {
    private static final double EPSILON = 0.03;
    private static final Map<String, String> DEFAULTS = Map.of("epsilon", Double.toString(EPSILON), "direction",
            "increase", "steps", "6", "step-fraction", "0.25", "restarts", "1", "seed", "4", "brain-only", "true",
            "shift-years", "0", "epochs", "3", "batch-size", "2");

    private static BrainAgeModel hybrid;
    private static ModelInput adaptive;
    private static ModelInput fixed;

    @BeforeAll
    static void buildModel() {
        hybrid = UntrainedModel.hybrid();
        adaptive = UntrainedModel.withContextPath(hybrid, UntrainedModel.heads(2, 13));
        fixed = ModelInput.of(adaptive.images(), adaptive.context().orElseThrow());
    }

    @Test
    void theOracleThroughTheContextAddsThePullbackOfTheContextGradient() {
        INDArray images = adaptive.images();
        ContextPath path = adaptive.contextPath().orElseThrow();
        INDArray through = GradientOracle.of(hybrid, adaptive).ageGradient(images);
        INDArray imageOnly = GradientOracle.of(hybrid, fixed).ageGradient(images);
        INDArray pullback = path.backpropagate(images, hybrid.ageGradients(adaptive).context().orElseThrow());
        assertTrue(pullback.amaxNumber().doubleValue() > 0, "the context path carries gradient");
        assertEquals(0, through.sub(imageOnly).sub(pullback).amaxNumber().doubleValue(), 1e-5);
        assertEquals(0, imageOnly.sub(hybrid.ageGradients(fixed).images()).amaxNumber().doubleValue(), 1e-6,
                "without a path, the image gradient alone");
    }

    @Test
    void everyGradientAttackFollowsTheContextPathWhenGivenOne() {
        for (Attack attack : List.of(new FgsmAttack(), new PgdLinfAttack(), new PgdL2Attack(), new ApgdLinfAttack(),
                new ApgdL2Attack())) {
            String name = attack.getClass().getSimpleName();
            INDArray followed = attack.perturb(hybrid, adaptive, Parameters.of(DEFAULTS));
            INDArray imageOnly = attack.perturb(hybrid, fixed, Parameters.of(DEFAULTS));
            assertNotEquals(imageOnly, followed, name + ": the context path changes the attack");
        }
    }

    @Test
    void pgdThroughTheContextMovesTheContextAndTheAge() {
        ModelInput followed = adaptive.recomputedFor(new PgdLinfAttack().perturb(hybrid, adaptive, Parameters.of(DEFAULTS)));
        double moved = followed.context().orElseThrow().sub(adaptive.context().orElseThrow()).amaxNumber().doubleValue();
        assertTrue(moved > 0.1, "the standardised context should move, moved " + moved);
        double[] before = hybrid.predictAges(adaptive);
        double[] after = hybrid.predictAges(followed);
        for (int i = 0; i < before.length; i++) {
            assertTrue(after[i] > before[i], before[i] + " -> " + after[i]);
        }
    }

    @Test
    void theUniversalFitFollowsTheContextOfItsFitSetWhenItHasAPath() {
        ModelInput fitSet = UntrainedModel.withContextPath(hybrid, UntrainedModel.heads(4, 21));
        ModelInput fixedFitSet = ModelInput.of(fitSet.images(), fitSet.context().orElseThrow());
        UniversalPerturbationAttack attack = new UniversalPerturbationAttack();
        INDArray followed = attack.fit(hybrid, fitSet, Parameters.of(DEFAULTS));
        INDArray imageOnly = attack.fit(hybrid, fixedFitSet, Parameters.of(DEFAULTS));
        assertNotEquals(imageOnly, followed, "the context path changes the fit");
        assertEquals(EPSILON, followed.amaxNumber().doubleValue(), 1e-6, "within the budget");
    }

    @Test
    void rowsOfAnInputKeepImagesContextAndPathTogether() {
        ModelInput fitSet = UntrainedModel.withContextPath(hybrid, UntrainedModel.heads(3, 5));
        ModelInput rows = fitSet.rows(new int[] { 2, 0 });
        assertEquals(fitSet.images().slice(2), rows.images().slice(0));
        assertEquals(fitSet.context().orElseThrow().getRow(0), rows.context().orElseThrow().getRow(1));
        assertEquals(rows.context().orElseThrow(), rows.contextPath().orElseThrow().features(rows.images()),
                "the path of the rows computes their context");
    }
}

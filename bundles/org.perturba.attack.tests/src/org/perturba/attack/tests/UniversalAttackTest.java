package org.perturba.attack.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.perturba.attack.universal.UniversalAttack;
import org.perturba.attack.universal.UniversalPerturbationAttack;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelInput;

/** One perturbation for a population: shape, budget, held-out effect, mask, seed. */
class UniversalAttackTest {
    private static final double EPSILON = 0.03;
    private static final Map<String, String> DEFAULTS = Map.of("epsilon", Double.toString(EPSILON), "direction",
            "increase", "epochs", "4", "batch-size", "3", "step-fraction", "0.25", "seed", "2", "brain-only", "true");

    private static BrainAgeModel model;
    private static ModelInput fitSet;
    private static ModelInput heldOut;

    @BeforeAll
    static void buildModel() {
        model = UntrainedModel.conventional();
        fitSet = ModelInput.imagesOnly(UntrainedModel.heads(6, 21));
        heldOut = ModelInput.imagesOnly(UntrainedModel.heads(4, 22));
    }

    @Test
    void fitsOneSharedPerturbationWithinTheBudget() {
        INDArray perturbation = fit();
        assertArrayEquals(new long[] { 1, 1, 16, 16, 16 }, perturbation.shape());
        assertEquals(EPSILON, perturbation.amaxNumber().doubleValue(), 1e-6, "a few sign steps reach the border");
    }

    @Test
    void movesAHeldOutBatchTheAskedWay() {
        INDArray older = fit();
        INDArray younger = fit("direction", "decrease");
        double[] clean = model.predictAges(heldOut);
        double[] up = model.predictAges(heldOut.withImages(UniversalAttack.apply(older, heldOut, true)));
        double[] down = model.predictAges(heldOut.withImages(UniversalAttack.apply(younger, heldOut, true)));
        for (int i = 0; i < clean.length; i++) {
            assertTrue(up[i] > clean[i] && down[i] < clean[i], "held-out subject " + i + ": " + clean[i] + " -> " + up[i]
                    + " / " + down[i]);
        }
    }

    @Test
    void appliesTheSameChangeInsideEveryHeadAndKeepsTheRange() {
        INDArray perturbation = fit();
        INDArray applied = UniversalAttack.apply(perturbation, heldOut, true);
        INDArray inside = UntrainedModel.headMask(4);
        assertEquals(0, applied.mul(inside.rsub(1)).amaxNumber().doubleValue(), "background stays 0");
        assertTrue(applied.minNumber().doubleValue() >= 0 && applied.maxNumber().doubleValue() <= 1);
        // images are in [0.2, 0.6] and epsilon is small: nothing clamps, every head gets the same change
        INDArray change = applied.sub(heldOut.images());
        for (int i = 1; i < 4; i++) {
            assertEquals(0, change.slice(i).sub(change.slice(0)).amaxNumber().doubleValue(), 1e-6);
        }
        assertEquals(0, change.slice(0).sub(perturbation.slice(0).mul(inside.slice(0))).amaxNumber().doubleValue(), 1e-6);
        assertThrows(IllegalArgumentException.class,
                () -> UniversalAttack.apply(perturbation, ModelInput.imagesOnly(UntrainedModel.images(0.1).get(
                        NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 8))), true));
    }

    @Test
    void applyingToABatchOfOneLeavesThePerturbationAsItWas() {
        INDArray perturbation = fit();
        INDArray before = perturbation.dup();
        ModelInput one = heldOut.rows(new int[] { 0 });
        INDArray first = UniversalAttack.apply(perturbation, one, true);
        assertEquals(before, perturbation, "the shared perturbation is not overwritten by the image it is added to");
        assertEquals(first, UniversalAttack.apply(perturbation, one, true), "a second subject of one gets the same change");
    }

    @Test
    void aFitOnOneSubjectMovesThatSubjectAsFarAsOneSignStepWould() {
        ModelInput one = fitSet.rows(new int[] { 0 });
        INDArray perturbation = new UniversalPerturbationAttack().fit(model, one, Parameters.of(DEFAULTS));
        double clean = model.predictAges(one)[0];
        double fitted = model.predictAges(one.withImages(UniversalAttack.apply(perturbation, one, true)))[0];
        assertTrue(fitted > clean, "fitted on one subject, it moves that subject up: " + clean + " -> " + fitted);
        assertEquals(EPSILON, perturbation.amaxNumber().doubleValue(), 1e-6, "sign steps, not an image, reach the border");
    }

    @Test
    void theSeedFixesThePerturbationAndPerturbIsFitThenApply() {
        assertEquals(fit(), fit());
        UniversalPerturbationAttack attack = new UniversalPerturbationAttack();
        INDArray perturbed = attack.perturb(model, fitSet, Parameters.of(DEFAULTS));
        assertEquals(UniversalAttack.apply(fit(), fitSet, true), perturbed);
        assertThrows(IllegalArgumentException.class, () -> fit("direction", "untargeted"));
    }

    private static INDArray fit(String... overrides) {
        return new UniversalPerturbationAttack().fit(model, fitSet, Parameters.of(DEFAULTS, overrides));
    }
}

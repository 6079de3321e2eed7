package org.perturba.experiment.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.Norm;
import org.perturba.experiment.run.AttackOutputCheck;
import org.perturba.model.ModelInput;

/** Each rule of the attack contract, broken on purpose by hand-made results, and results that keep it. */
class AttackOutputCheckTest {
    private static final List<String> SUBJECTS = List.of("sub-001", "sub-002");
    private static final double EPSILON = 0.01;
    /** Voxels of one image's head. */
    private static final int HEAD_VOXELS = 8;
    /** A voxel inside the head of image 1 (index 1 in batch order) and one in its background, as {@code [n, c, x, y, z]}. */
    private static final long[] HEAD = { 1, 0, 1, 2, 1 };
    private static final long[] BACKGROUND = { 1, 0, 0, 0, 0 };

    /** Two "heads": a 2×2×2 block of intensities 0.5 and 1 (the range's edge) in a background of 0. */
    private static INDArray clean(DataType type) {
        INDArray images = Nd4j.zeros(type, 2, 1, 4, 4, 4);
        for (long x = 1; x < 3; x++) {
            for (long y = 1; y < 3; y++) {
                for (long z = 1; z < 3; z++) {
                    images.putScalar(new long[] { 0, 0, x, y, z }, 0.5);
                    images.putScalar(new long[] { 1, 0, x, y, z }, x == 1 ? 0.5 : 1.0);
                }
            }
        }
        return images;
    }

    private static AttackParameters parameters(double epsilon, boolean brainOnly) {
        return new AttackParameters(Map.of("epsilon", Double.toString(epsilon), "brain-only", Boolean.toString(brainOnly)));
    }

    private static Optional<String> check(INDArray clean, INDArray adversarial, Norm norm, double epsilon, boolean brainOnly) {
        return AttackOutputCheck.before(ModelInput.imagesOnly(clean), SUBJECTS).violation(adversarial, norm,
                parameters(epsilon, brainOnly));
    }

    private static INDArray withVoxel(INDArray images, long[] at, double value) {
        INDArray copy = images.dup();
        copy.putScalar(at, value);
        return copy;
    }

    private static void assertViolation(Optional<String> violation, String... parts) {
        assertTrue(violation.isPresent(), "a violation");
        for (String part : parts) {
            assertTrue(violation.get().contains(part), violation.get() + " should say " + part);
        }
    }

    @Test
    void aResultWithinEveryRulePasses() {
        INDArray clean = clean(DataType.FLOAT);
        INDArray adversarial = clean.dup();
        adversarial.slice(0).addi(Nd4j.ones(DataType.FLOAT, 1, 4, 4, 4).muli(clean.slice(0).neq(0).castTo(DataType.FLOAT))
                .muli(EPSILON)); // every head voxel of image 0 up by epsilon, the background kept at 0
        assertEquals(Optional.empty(), check(clean, adversarial, Norm.LINF, EPSILON, true));
        assertEquals(Optional.empty(), check(clean, clean.dup(), Norm.L2, 0, true), "no change is within any budget");
    }

    @Test
    void anAttackThatModifiesItsInputImagesOrContextIsCaught() {
        INDArray clean = clean(DataType.FLOAT);
        INDArray context = Nd4j.create(new float[][] { { 1, 2 }, { 3, 4 } });
        AttackOutputCheck check = AttackOutputCheck.before(ModelInput.of(clean, context), SUBJECTS);
        INDArray adversarial = clean.dup();
        assertEquals(Optional.empty(), check.modification());
        context.putScalar(1, 1, Float.NaN);
        assertViolation(check.modification(), "sub-002: the attack modified its input context (1 features changed)");
        clean.slice(0).addi(0.001);
        assertViolation(check.violation(adversarial, Norm.LINF, parameters(EPSILON, false)),
                "sub-001: the attack modified its input image (64 voxels changed)", "input context");
    }

    @Test
    void aChangeBeyondTheLinfBudgetIsCaught() {
        INDArray clean = clean(DataType.FLOAT);
        INDArray adversarial = withVoxel(clean, HEAD, 0.5 + 0.015);
        assertViolation(check(clean, adversarial, Norm.LINF, EPSILON, true), "sub-002: L-inf distance 0.015", "exceeds the budget 0.01");
    }

    @Test
    void theL2BudgetIsTheRootMeanSquareChangeSoItAllowsWhatLinfForbids() {
        INDArray clean = clean(DataType.FLOAT);
        INDArray concentrated = withVoxel(clean, HEAD, 0.5 + EPSILON * Math.sqrt(HEAD_VOXELS)); // RMS over the head exactly epsilon
        assertEquals(Optional.empty(), check(clean, concentrated, Norm.L2, EPSILON, true));
        assertViolation(check(clean, concentrated, Norm.LINF, EPSILON, true), "L-inf distance 0.02828");
        INDArray spread = clean.dup();
        spread.slice(0).addi(clean.slice(0).neq(0).castTo(DataType.FLOAT).muli(-0.4)); // all 8 head voxels down by 0.4: RMS 0.4
        assertViolation(check(clean, spread, Norm.L2, EPSILON, true), "sub-001: L2 distance 0.4", "exceeds the budget 0.01");
        // without brain-only the root mean square is over all 64 voxels
        assertViolation(check(clean, spread, Norm.L2, EPSILON, false), "sub-001: L2 distance 0.141421");
    }

    @Test
    void theBrainMaskOfTheInputSaysWhereAndHowMuchMayChange() {
        INDArray clean = clean(DataType.FLOAT);
        INDArray mask = clean.neq(0).castTo(DataType.FLOAT);
        mask.putScalar(BACKGROUND, 1); // a voxel at 0 inside the brain: clipped ventricular fluid
        ModelInput input = ModelInput.imagesOnly(clean).withBrainMask(mask);
        INDArray ventricle = withVoxel(clean, BACKGROUND, EPSILON);
        assertEquals(Optional.empty(), AttackOutputCheck.before(input, SUBJECTS).violation(ventricle, Norm.LINF,
                parameters(EPSILON, true)), "a masked voxel at 0 may change");
        INDArray concentrated = withVoxel(clean, HEAD, 0.5 + EPSILON * Math.sqrt(HEAD_VOXELS + 1));
        assertEquals(Optional.empty(), AttackOutputCheck.before(input, SUBJECTS).violation(concentrated, Norm.L2,
                parameters(EPSILON, true)), "the radius counts the 9 voxels of the mask");
        assertViolation(AttackOutputCheck.before(ModelInput.imagesOnly(clean), SUBJECTS).violation(concentrated, Norm.L2,
                parameters(EPSILON, true)), "sub-002: L2 distance 0.0106066");
    }

    @Test
    void aVoxelOutsideTheIntensityRangeIsCaught() {
        INDArray clean = clean(DataType.FLOAT);
        double beyond = 0x1p-8; // exact in float32
        assertViolation(check(clean, withVoxel(clean, new long[] { 1, 0, 2, 2, 2 }, 1 + beyond), Norm.LINF, EPSILON, true),
                "sub-002: a voxel lies 0.00390625 outside [0, 1]");
        assertViolation(check(clean, withVoxel(clean, BACKGROUND, -beyond), Norm.LINF, EPSILON, false),
                "sub-002: a voxel lies 0.00390625 outside [0, 1]");
    }

    @Test
    void aChangedBackgroundIsCaughtOnlyWithBrainOnly() {
        INDArray clean = clean(DataType.FLOAT);
        INDArray adversarial = withVoxel(clean, BACKGROUND, 0.005);
        assertViolation(check(clean, adversarial, Norm.LINF, EPSILON, true),
                "sub-002: brain-only is on, but a voxel outside the head changed by 0.005");
        assertEquals(Optional.empty(), check(clean, adversarial, Norm.LINF, EPSILON, false));
    }

    @Test
    void nonFiniteVoxelsAreCaught() {
        INDArray clean = clean(DataType.FLOAT);
        assertViolation(check(clean, withVoxel(clean, HEAD, Double.NaN), Norm.LINF, EPSILON, true), "sub-002: 1 voxels are NaN or infinite");
        INDArray infinite = withVoxel(withVoxel(clean, BACKGROUND, Double.POSITIVE_INFINITY), new long[] { 0, 0, 0, 0, 0 },
                Double.NEGATIVE_INFINITY);
        assertViolation(check(clean, infinite, Norm.L2, EPSILON, false), "voxels are NaN or infinite");
    }

    @Test
    void aResultOfAnotherShapeIsCaught() {
        INDArray clean = clean(DataType.FLOAT);
        assertViolation(check(clean, clean.slice(0), Norm.LINF, EPSILON, true), "shape [1, 4, 4, 4]", "[2, 1, 4, 4, 4]");
    }

    @Test
    void theToleranceAllowsFloatRoundingAndNoMore() {
        INDArray clean = clean(DataType.DOUBLE);
        double allowed = AttackOutputCheck.allowedSize(EPSILON);
        assertTrue(allowed > EPSILON && allowed < EPSILON * 1.0001, "a small tolerance: " + allowed);
        assertEquals(Optional.empty(), check(clean, withVoxel(clean, HEAD, 0.5 + allowed - 1e-12), Norm.LINF, EPSILON, true),
                "just within the tolerance");
        assertViolation(check(clean, withVoxel(clean, HEAD, 0.5 + allowed + 1e-9), Norm.LINF, EPSILON, true), "exceeds the budget 0.01");
        INDArray rounded = clean(DataType.FLOAT);
        rounded.slice(1).addi(rounded.slice(1).neq(0).castTo(DataType.FLOAT).muli(-EPSILON)); // clean - epsilon, rounded to float32
        assertEquals(Optional.empty(), check(clean(DataType.FLOAT), rounded, Norm.LINF, EPSILON, true),
                "float32 rounding of an honest result");
    }
}

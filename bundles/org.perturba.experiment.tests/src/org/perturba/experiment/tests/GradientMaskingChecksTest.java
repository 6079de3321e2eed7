package org.perturba.experiment.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.perturba.experiment.run.CellResult;
import org.perturba.experiment.run.GradientMaskingChecks;
import org.perturba.experiment.run.GradientMaskingChecks.Kind;
import org.perturba.experiment.run.SubjectOutcome;

/** Each gradient-masking symptom is flagged on the cell that shows it, and a consistent run raises none. */
class GradientMaskingChecksTest {
    private static final Map<String, Kind> KINDS = Map.of("fgsm", Kind.FGSM, "pgd-linf", Kind.WHITE_BOX, "square-linf",
            Kind.SCORE_BASED, "universal", Kind.UNIVERSAL);

    @Test
    void aConsistentRunRaisesNoFlag() {
        List<CellResult> cells = List.of(cell("fgsm", 0.01, Map.of(), 4), cell("pgd-linf", 0.01, steps(10), 6),
                cell("pgd-linf", 0.01, steps(20), 6.5), cell("pgd-linf", 0.02, steps(10), 9), cell("square-linf", 0.01, Map.of(), 5),
                cell("fgsm", 0.02, Map.of(), 7), transfer(0.01, 3), cell("universal", 0.01, Map.of(), 2));
        GradientMaskingChecks checks = GradientMaskingChecks.of(cells, KINDS::get);
        assertFalse(checks.any());
        cells.forEach(cell -> assertEquals(List.of(), checks.of(cell)));
    }

    @Test
    void anIterativeAttackBelowFgsmIsWeakerThanFgsm() {
        CellResult pgd = cell("pgd-linf", 0.01, steps(10), 3.5);
        CellResult onAnotherModel = cell("pgd-linf", 0.01, steps(10), 3.5, "hyb", CellResult.IMAGE_ONLY);
        GradientMaskingChecks checks = GradientMaskingChecks.of(List.of(cell("fgsm", 0.01, Map.of(), 4), pgd, onAnotherModel),
                KINDS::get);
        assertEquals(List.of(GradientMaskingChecks.WEAKER_THAN_FGSM), checks.of(pgd));
        assertEquals(List.of(), checks.of(onAnotherModel), "FGSM ran on another model only");
    }

    @Test
    void aDifferenceWithinTheToleranceIsNotFlagged() {
        CellResult pgd = cell("pgd-linf", 0.01, steps(10), 3.95); // 1.25 % below FGSM, within 2 %
        assertEquals(List.of(), GradientMaskingChecks.of(List.of(cell("fgsm", 0.01, Map.of(), 4), pgd), KINDS::get).of(pgd));
    }

    @Test
    void aScoreBasedAttackAboveEveryWhiteBoxOneIsFlagged() {
        CellResult square = cell("square-linf", 0.01, Map.of(), 7);
        GradientMaskingChecks checks = GradientMaskingChecks.of(List.of(cell("fgsm", 0.01, Map.of(), 4),
                cell("pgd-linf", 0.01, steps(10), 6), square), KINDS::get);
        assertEquals(List.of(GradientMaskingChecks.BLACK_BOX_STRONGER), checks.of(square));
    }

    @Test
    void aTransferAboveTheStrongestWhiteBoxAttackOnItsTargetIsFlagged() {
        CellResult transfer = transfer(0.01, 6.5);
        GradientMaskingChecks checks = GradientMaskingChecks.of(List.of(cell("fgsm", 0.01, Map.of(), 4),
                cell("pgd-linf", 0.01, steps(10), 6), transfer), KINDS::get);
        assertEquals(List.of(GradientMaskingChecks.TRANSFER_STRONGER), checks.of(transfer));
    }

    @Test
    void aShiftThatFallsAsEpsilonGrowsIsFlaggedOnTheLargerBudget() {
        CellResult small = cell("pgd-linf", 0.01, steps(10), 6);
        CellResult large = cell("pgd-linf", 0.02, steps(10), 5);
        CellResult otherThreatModel = cell("pgd-linf", 0.005, steps(10), 9, "cnn", CellResult.RECOMPUTED);
        GradientMaskingChecks checks = GradientMaskingChecks.of(List.of(small, large, otherThreatModel), KINDS::get);
        assertEquals(List.of(GradientMaskingChecks.FALLS_WITH_EPSILON), checks.of(large));
        assertEquals(List.of(), checks.of(small));
        assertEquals(List.of(), checks.of(otherThreatModel), "another threat model is another series");
    }

    @Test
    void aShiftThatFallsWithMoreStepsIsFlaggedOnTheLongerRun() {
        CellResult ten = cell("pgd-linf", 0.01, steps(10), 6);
        CellResult forty = cell("pgd-linf", 0.01, steps(40), 5);
        Map<String, String> otherStepSize = new HashMap<>(steps(40));
        otherStepSize.put("step-fraction", "0.5");
        CellResult otherwiseDifferent = cell("pgd-linf", 0.01, otherStepSize, 2);
        GradientMaskingChecks checks = GradientMaskingChecks.of(List.of(ten, forty, otherwiseDifferent), KINDS::get);
        assertEquals(List.of(GradientMaskingChecks.FALLS_WITH_STEPS), checks.of(forty));
        assertEquals(List.of(), checks.of(otherwiseDifferent), "entries that differ in more than steps are not compared");
    }

    @Test
    void targetedRunsAndBaselinesAreNotCompared() {
        Map<String, String> targeted = new HashMap<>(steps(10));
        targeted.put("shift-years", "1");
        CellResult aimed = cell("pgd-linf", 0.01, targeted, 1);
        GradientMaskingChecks checks = GradientMaskingChecks.of(List.of(cell("fgsm", 0.01, Map.of(), 4), aimed), KINDS::get);
        assertEquals(List.of(), checks.of(aimed), "a targeted run stops at its target");
    }

    private static Map<String, String> steps(int steps) {
        return Map.of("steps", Integer.toString(steps), "step-fraction", "0.25");
    }

    private static CellResult cell(String attack, double epsilon, Map<String, String> parameters, double shift) {
        return cell(attack, epsilon, parameters, shift, "cnn", CellResult.IMAGE_ONLY);
    }

    private static CellResult cell(String attack, double epsilon, Map<String, String> parameters, double shift, String model,
            String threatModel) {
        Map<String, String> all = new HashMap<>(parameters);
        all.put("epsilon", Double.toString(epsilon));
        return new CellResult(model, attack, all, threatModel, "up", epsilon, Optional.empty(), subjects(shift), Optional.empty());
    }

    /** PGD crafted on another model, measured on {@code cnn}. */
    private static CellResult transfer(double epsilon, double shift) {
        return new CellResult("cnn", "pgd-linf", Map.of("epsilon", Double.toString(epsilon), "steps", "10"), CellResult.TRANSFER, "up",
                epsilon, Optional.of("other"), subjects(shift), Optional.empty());
    }

    /** Ten subjects, each moved by {@code shift} years. */
    private static List<SubjectOutcome> subjects(double shift) {
        List<SubjectOutcome> subjects = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            subjects.add(new SubjectOutcome("sub-" + i, 50, 50, 50 + shift, 0.01, 1, 40, 0.99, 45, 0.999, 0.5));
        }
        return subjects;
    }
}

package org.perturba.attack.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.perturba.attack.gradient.Objective;
import org.perturba.attack.gradient.Objective.Direction;
import org.perturba.attack.gradient.Schedule;

/** Directions, targets and how candidates are ranked. */
class ObjectiveTest {
    private static final double[] CLEAN = { 40, 60 };

    @Test
    void unboundedObjectivesScoreTheSignedShift() {
        assertArrayEquals(new double[] { 2, -1 }, new Objective(Direction.INCREASE, CLEAN, 0).score(new double[] { 42, 59 }));
        assertArrayEquals(new double[] { -2, 1 }, new Objective(Direction.DECREASE, CLEAN, 0).score(new double[] { 42, 59 }));
        Objective untargeted = new Objective(Direction.UNTARGETED, CLEAN, 0);
        assertArrayEquals(new double[] { 2, 1 }, untargeted.score(new double[] { 42, 59 }));
        assertEquals(2, untargeted.pushes().size(), "untargeted tries both signs");
        assertArrayEquals(new double[] { -1, -1 }, untargeted.pushes().get(1));
        assertArrayEquals(new double[] { -1, -1 }, untargeted.ageWeights(new double[] { -1, -1 }, null));
    }

    @Test
    void targetedObjectivesAimAtTheShiftedCleanPrediction() {
        Objective older = new Objective(Direction.INCREASE, CLEAN, 5);
        assertTrue(older.targeted());
        assertArrayEquals(new double[] { 45, 65 }, older.targets());
        assertArrayEquals(new double[] { -5, -5 }, older.score(CLEAN), "clean is shift-years from the target");
        assertArrayEquals(new double[] { -1, -3 }, older.score(new double[] { 46, 62 }));
        assertArrayEquals(new double[] { -2, 4 }, older.ageWeights(new double[] { 1, 1 }, new double[] { 46, 63 }),
                "d -(age - target)^2 / d age; overshooting pulls back");
        assertArrayEquals(new double[] { 35, 55 }, new Objective(Direction.DECREASE, CLEAN, 5).targets());
        assertThrows(IllegalArgumentException.class, () -> new Objective(Direction.UNTARGETED, CLEAN, 5));
        assertThrows(IllegalArgumentException.class,
                () -> Objective.from(Parameters.of(Map.of("direction", "sideways")), CLEAN));
        assertEquals(Direction.DECREASE, Objective.from(Parameters.of(Map.of("direction", "decrease")), CLEAN).direction());
    }

    @Test
    void targetAgeAimsEveryImageAtOneAgeInOneBranch() {
        Objective eighty = Objective.from(Parameters.of(Map.of("direction", "untargeted", "target-age", "80")), CLEAN);
        assertTrue(eighty.targeted());
        assertArrayEquals(new double[] { 80, 80 }, eighty.targets());
        assertArrayEquals(new double[] { -40, -20 }, eighty.score(CLEAN), "clean is its distance from the target");
        assertEquals(1, eighty.pushes().size(), "a targeted objective needs one branch, whatever the direction");
        assertArrayEquals(new double[] { 80, 40 }, eighty.ageWeights(new double[] { 1, 1 }, CLEAN));
        assertThrows(IllegalArgumentException.class, () -> new Objective(Direction.INCREASE, CLEAN, 5, 80),
                "shift-years and target-age exclude each other");
    }

    @Test
    void stepsHalveAtHalfAndThreeQuartersAndASingleStepIsWhole() {
        Schedule eight = new Schedule(8, 0.4, 1);
        assertEquals(0.4, eight.fraction(3), 1e-12);
        assertEquals(0.2, eight.fraction(4), 1e-12);
        assertEquals(0.1, eight.fraction(6), 1e-12);
        assertEquals(1, Schedule.singleStep().fraction(0), 1e-12);
    }
}

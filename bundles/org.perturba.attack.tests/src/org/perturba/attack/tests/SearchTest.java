package org.perturba.attack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.attack.Attack;
import org.perturba.attack.Norm;
import org.perturba.attack.apgd.ApgdLinfAttack;
import org.perturba.attack.gradient.Budget;
import org.perturba.attack.gradient.GradientOracle;
import org.perturba.attack.gradient.Objective;
import org.perturba.attack.gradient.Objective.Direction;
import org.perturba.attack.gradient.ProjectedGradientAscent;
import org.perturba.attack.gradient.Schedule;
import org.perturba.attack.pgd.PgdLinfAttack;
import org.perturba.attack.square.SquareLinfAttack;
import org.perturba.model.ModelInput;

/** How the searches spend their steps: best point kept, clean start first, full travel, seeds. */
class SearchTest {
    private static final double EPSILON = 0.01;
    private static final Map<String, String> DEFAULTS = Map.of("epsilon", Double.toString(EPSILON), "direction",
            "increase", "brain-only", "true", "steps", "20", "step-fraction", "0.5", "restarts", "2", "seed", "4", "queries", "50", "p-init", "0.05");

    private final ModelInput input = Ventricles.input(1, 2);
    /** No weight on the ventricles: no voxel is stuck at 0 against a step, so the projections below are exact. */
    private final INDArray weights = ProjectionModel.randomWeights(3).muli(input.images().neq(0.0).castTo(DataType.DOUBLE));

    /**
     * Sign steps of 1, 1, 0.5 and 0.25 epsilon move the projection (in units of epsilon ||w||_1) to 1,
     * 0, 0.5 and 0.75 around a peak at 0.6: the third step is the best, the last is worse.
     */
    @Test
    void pgdKeepsItsBestStepNotItsLast() {
        ProjectionModel linear = ProjectionModel.linear(weights, 0);
        Budget budget = Budget.of(Norm.LINF, input, EPSILON, true);
        double unit = EPSILON * budget.restrict(weights.castTo(input.images().dataType()).dup()).norm1Number().doubleValue();
        double clean = linear.projections(input.images())[0];
        ProjectionModel peaked = ProjectionModel.peaked(weights, clean + 0.6 * unit);
        GradientOracle oracle = GradientOracle.fixedContext(peaked, input);
        Objective objective = new Objective(Direction.INCREASE, oracle.ages(input.images()), 0);
        INDArray result = ProjectedGradientAscent.run(oracle, budget, objective, new Schedule(4, 1, 1), 0);
        double reached = (linear.projections(result)[0] - clean) / unit;
        assertEquals(0.5, reached, 0.05, "the third of the steps 1, 0, 0.5, 0.75 is the closest to 0.6");
    }

    /**
     * APGD's first step (2 epsilon) overshoots a peak at 0.6 (units of epsilon ||w||_1) as far as the
     * ball allows; only its step halving at the checkpoints, resuming from the best point, brings it
     * close to the peak.
     */
    @Test
    void apgdHalvesItsStepUntilItSettlesOnAPeak() {
        ProjectionModel linear = ProjectionModel.linear(weights, 0);
        double unit = EPSILON * Budget.of(Norm.LINF, input, EPSILON, true)
                .restrict(weights.castTo(input.images().dataType()).dup()).norm1Number().doubleValue();
        double clean = linear.projections(input.images())[0];
        ProjectionModel peaked = ProjectionModel.peaked(weights, clean + 0.6 * unit);
        INDArray result = new ApgdLinfAttack().perturb(peaked, input, Parameters.of(DEFAULTS, "restarts", "1"));
        assertEquals(0.6, (linear.projections(result)[0] - clean) / unit, 0.02);
    }

    @Test
    void theFirstRunStartsAtTheCleanImageAndFurtherRunsAtRandomPoints() {
        List<INDArray> asked = new ArrayList<>();
        ProjectionModel model = ProjectionModel.linear(weights, 0);
        GradientOracle fixed = GradientOracle.fixedContext(model, input);
        GradientOracle recording = new GradientOracle() {
            @Override
            public double[] ages(INDArray images) {
                return fixed.ages(images);
            }

            @Override
            public INDArray ageGradient(INDArray images) {
                asked.add(images.dup());
                return fixed.ageGradient(images);
            }
        };
        Budget budget = Budget.of(Norm.LINF, input, EPSILON, true);
        Objective objective = new Objective(Direction.INCREASE, fixed.ages(input.images()), 0);
        ProjectedGradientAscent.run(recording, budget, objective, new Schedule(3, 0.5, 2), 7);
        assertEquals(6, asked.size());
        assertEquals(input.images(), asked.get(0), "the first run starts clean");
        assertNotEquals(input.images(), asked.get(3), "the second run starts at random");
    }

    @Test
    void schedulesTravelAtLeastTheDiameterOfTheBall() {
        Schedule ten = Schedule.reaching(10, 0.25, 1);
        assertEquals(Schedule.DIAMETER, ten.travel(), 1e-9, "10 quarter steps halving travel 1.75: raised to 2");
        assertEquals(2 / 7.0, ten.fraction(0), 1e-9);
        Schedule generous = Schedule.reaching(10, 0.5, 1);
        assertEquals(0.5, generous.fraction(0), 1e-12, "a long enough schedule is kept as asked");
        assertEquals(3.5, generous.travel(), 1e-9);
        assertEquals(2, Schedule.reaching(1, 0.1, 1).fraction(0), 1e-12);
    }

    @Test
    void apgdAndSquareAreFixedByTheirSeed() {
        ProjectionModel model = ProjectionModel.peaked(weights, 1e9);
        for (Attack attack : new Attack[] { new ApgdLinfAttack(), new SquareLinfAttack(), new PgdLinfAttack() }) {
            String name = attack.getClass().getSimpleName();
            INDArray once = attack.perturb(model, input, Parameters.of(DEFAULTS));
            assertEquals(once, attack.perturb(model, input, Parameters.of(DEFAULTS)), name);
            assertTrue(Parameters.linf(once, input.images())[0] <= EPSILON + 1e-6, name);
        }
        assertNotEquals(new SquareLinfAttack().perturb(model, input, Parameters.of(DEFAULTS)),
                new SquareLinfAttack().perturb(model, input, Parameters.of(DEFAULTS, "seed", "5")));
    }
}

package org.perturba.faulty.tests;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.attack.Attack;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.Norm;
import org.perturba.attack.gradient.Budget;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelInput;

/**
 * Attacks that run without throwing but return what the attack contract forbids, each breaking one
 * rule, as a plug-in with a bug in its projection would. The run must catch each from its result.
 */
public abstract class ContractBreakingAttack implements Attack {

    @Override
    public final INDArray perturb(BrainAgeModel model, ModelInput input, AttackParameters parameters) {
        return breakRule(input, parameters.getDouble("epsilon"), Budget.brainOnly(parameters));
    }

    protected abstract INDArray breakRule(ModelInput input, double epsilon, boolean brainOnly);

    /** An honest result: every voxel moved by up to {@code size} along a fixed ±1 pattern, then projected. */
    static INDArray noise(INDArray clean, double size, boolean brainOnly) {
        INDArray signs = Nd4j.arange(clean.length()).castTo(clean.dataType()).reshape(clean.shape()).fmodi(2).muli(2).subi(1);
        return Budget.linf(clean, size, brainOnly).project(clean.add(signs.muli(size)));
    }

    /** Writes into the images it was handed (and returns an honest result computed before). */
    public static final class MutatesInput extends ContractBreakingAttack {
        @Override
        protected INDArray breakRule(ModelInput input, double epsilon, boolean brainOnly) {
            INDArray result = noise(input.images(), epsilon, brainOnly);
            input.images().muli(0.5);
            return result;
        }
    }

    /** Projects onto a ball one and a half times too large. */
    public static final class ExceedsLinf extends ContractBreakingAttack {
        @Override
        protected INDArray breakRule(ModelInput input, double epsilon, boolean brainOnly) {
            return noise(input.images(), 1.5 * epsilon, brainOnly);
        }
    }

    /** Declares an L2 budget but moves every voxel by four times its root-mean-square epsilon. */
    public static final class ExceedsL2 extends ContractBreakingAttack {
        @Override
        public Norm norm() {
            return Norm.L2;
        }

        @Override
        protected INDArray breakRule(ModelInput input, double epsilon, boolean brainOnly) {
            return noise(input.images(), 4 * epsilon, brainOnly);
        }
    }

    /** Moves every voxel down by epsilon and forgets to clamp to [0, 1]; with brain-only on, it would also change the background. */
    public static final class LeavesRange extends ContractBreakingAttack {
        @Override
        protected INDArray breakRule(ModelInput input, double epsilon, boolean brainOnly) {
            return input.images().sub(epsilon);
        }
    }

    /** Changes the background whatever brain-only says. */
    public static final class ChangesBackground extends ContractBreakingAttack {
        @Override
        protected INDArray breakRule(ModelInput input, double epsilon, boolean brainOnly) {
            return noise(input.images(), epsilon, false);
        }
    }

    /** Returns NaN where it should have returned a change. */
    public static final class ReturnsNaN extends ContractBreakingAttack {
        @Override
        protected INDArray breakRule(ModelInput input, double epsilon, boolean brainOnly) {
            INDArray result = noise(input.images(), epsilon, brainOnly);
            result.putScalar(0, Double.NaN);
            return result;
        }
    }
}

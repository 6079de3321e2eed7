package org.perturba.faulty.tests;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.attack.Attack;
import org.perturba.attack.AttackParameters;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelInput;

/** An attack whose constructor throws, as one with a missing dependency or a broken static setup would. */
public final class UnloadableAttack implements Attack {

    public UnloadableAttack() {
        throw new IllegalStateException(FaultyContributions.ATTACK_MESSAGE);
    }

    @Override
    public INDArray perturb(BrainAgeModel model, ModelInput input, AttackParameters parameters) {
        throw new AssertionError("never created");
    }
}

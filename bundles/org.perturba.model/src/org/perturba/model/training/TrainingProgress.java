package org.perturba.model.training;

/** Follows and may cancel a training run. */
public interface TrainingProgress {

    /** After each epoch: mean training loss (standardised ages) and validation MAE in years. */
    void epochDone(int epoch, int epochs, double trainingLoss, double validationMae, boolean best);

    /** Polled between steps: training stops, keeping nothing, when it returns true. */
    default boolean isCancelled() {
        return false;
    }
}

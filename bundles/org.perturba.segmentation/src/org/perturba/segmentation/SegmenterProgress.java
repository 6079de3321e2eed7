package org.perturba.segmentation;

/** Told after every epoch of {@link SegmenterTrainer#train}; may cancel it. */
public interface SegmenterProgress {
    void epochDone(int epoch, int epochs, double loss, double validationDice, boolean best);

    /** Checked before every step: true stops training with a {@link java.util.concurrent.CancellationException}. */
    default boolean isCancelled() {
        return false;
    }
}

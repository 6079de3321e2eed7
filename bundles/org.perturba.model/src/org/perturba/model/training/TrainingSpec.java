package org.perturba.model.training;

/**
 * How to train.
 *
 * @param epochs the most passes over the training subjects
 * @param batchSize subjects per step
 * @param seed seeds weight initialisation, shuffling and augmentation: same seed, same weights
 * @param patience stop after this many epochs without a better validation MAE
 * @param augment whether to shift images by up to one voxel and jitter their intensities
 */
public record TrainingSpec(int epochs, int batchSize, long seed, int patience, boolean augment) {
    public static final int DEFAULT_EPOCHS = 60;
    public static final int DEFAULT_BATCH = 8;
    /**
     * Generous, because the validation MAE of a few dozen subjects is noisy (about ±0.6 years): with
     * 12, a hybrid-intensity model (seed 1) stopped at epoch 16 on a lucky fourth epoch, at 6.6 years
     * on an independent cohort; with 24 it trains on to 5.8. Models that keep improving are unaffected.
     */
    public static final int DEFAULT_PATIENCE = 24;

    public TrainingSpec {
        if (epochs < 1 || batchSize < 1 || patience < 1) {
            throw new IllegalArgumentException("epochs, batch size and patience must be >= 1, got " + epochs + ", "
                    + batchSize + ", " + patience);
        }
    }
}

package org.perturba.model;

import java.util.Optional;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One batch for a brain-age model.
 *
 * @param images {@code [n, 1, x, y, z]}, intensities normalised to [0, 1] on the model's grid
 * @param context {@code [n, features]} standardised context features, for models that use them
 */
public record ModelInput(INDArray images, Optional<INDArray> context) {

    public static ModelInput imagesOnly(INDArray images) {
        return new ModelInput(images, Optional.empty());
    }

    public static ModelInput of(INDArray images, INDArray context) {
        return new ModelInput(images, Optional.of(context));
    }

    public long batchSize() {
        return images.size(0);
    }
}

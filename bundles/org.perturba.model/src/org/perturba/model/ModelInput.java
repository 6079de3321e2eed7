package org.perturba.model;

import java.util.Optional;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One batch for a brain-age model.
 *
 * @param images {@code [n, 1, x, y, z]}, intensities normalised to [0, 1] on the model's grid
 * @param context {@code [n, features]} standardised context features, for models that use them
 * @param contextPath how the context is computed from the images, given when the attacker may
 *        differentiate through the context (the adaptive threat model: gradient attacks follow it and
 *        the context is recomputed from the adversarial images); empty when the context is out of the
 *        attacker's reach (fixed), or there is no context
 */
public record ModelInput(INDArray images, Optional<INDArray> context, Optional<ContextPath> contextPath) {

    /** A batch whose context (if any) is fixed: not computed from the images. */
    public ModelInput(INDArray images, Optional<INDArray> context) {
        this(images, context, Optional.empty());
    }

    public ModelInput {
        if (contextPath.isPresent() && context.isEmpty()) {
            throw new IllegalArgumentException("a context path needs the context it computes");
        }
    }

    public static ModelInput imagesOnly(INDArray images) {
        return new ModelInput(images, Optional.empty());
    }

    public static ModelInput of(INDArray images, INDArray context) {
        return new ModelInput(images, Optional.of(context));
    }

    /** A batch whose context is computed from the images by {@code path}. */
    public static ModelInput withContextPath(INDArray images, ContextPath path) {
        return new ModelInput(images, Optional.of(path.features(images)), Optional.of(path));
    }

    /**
     * The same subjects with other images and the context left as it is (what an image-only attack
     * changes: the context comes from elsewhere and stays fixed). The context path is kept.
     */
    public ModelInput withImages(INDArray otherImages) {
        return new ModelInput(otherImages, context, contextPath);
    }

    /**
     * The same subjects with other images and, when there is a context path, the context recomputed
     * from them (what the model sees when the context is a function of the image).
     */
    public ModelInput recomputedFor(INDArray otherImages) {
        return contextPath.map(path -> withContextPath(otherImages, path)).orElseGet(() -> withImages(otherImages));
    }

    /** Some of the examples, in the order given: images, context and context path alike. */
    public ModelInput rows(int[] examples) {
        INDArray[] slices = new INDArray[examples.length];
        for (int i = 0; i < examples.length; i++) {
            slices[i] = images.get(NDArrayIndex.interval(examples[i], examples[i] + 1));
        }
        return new ModelInput(Nd4j.concat(0, slices), context.map(all -> all.getRows(examples)),
                contextPath.map(path -> path.rows(examples)));
    }

    public long batchSize() {
        return images.size(0);
    }
}

package org.perturba.model;

import java.util.Arrays;
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
 * @param brainMask {@code [n, 1, x, y, z]}, 1 inside each subject's brain and 0 outside, as the data
 *        preparation measured it before normalisation (so the darkest brain voxels, clipped to 0 by
 *        the normalisation, are inside); empty when unknown, and then {@link #changeableVoxels()}
 *        falls back to the non-zero voxels of the images
 */
public record ModelInput(INDArray images, Optional<INDArray> context, Optional<ContextPath> contextPath,
        Optional<INDArray> brainMask) {

    /** A batch whose context (if any) is fixed: not computed from the images. */
    public ModelInput(INDArray images, Optional<INDArray> context) {
        this(images, context, Optional.empty());
    }

    /** A batch without a known brain mask. */
    public ModelInput(INDArray images, Optional<INDArray> context, Optional<ContextPath> contextPath) {
        this(images, context, contextPath, Optional.empty());
    }

    public ModelInput {
        if (contextPath.isPresent() && context.isEmpty()) {
            throw new IllegalArgumentException("a context path needs the context it computes");
        }
        if (brainMask.isPresent() && !Arrays.equals(brainMask.get().shape(), images.shape())) {
            throw new IllegalArgumentException("a brain mask of shape " + Arrays.toString(brainMask.get().shape())
                    + " for images of shape " + Arrays.toString(images.shape()));
        }
    }

    /**
     * The voxels inside each subject's brain, the ones a {@code brain-only} attacker may change: 1 there,
     * 0 elsewhere, shaped and typed like the images. The brain mask when known, else the images'
     * non-zero voxels (skull-stripped images are exactly 0 outside the head).
     */
    public INDArray changeableVoxels() {
        return brainMask.map(mask -> mask.castTo(images.dataType())).orElseGet(() -> images.neq(0.0).castTo(images.dataType()));
    }

    /** The same batch with the brain mask of its subjects. */
    public ModelInput withBrainMask(INDArray mask) {
        return new ModelInput(images, context, contextPath, Optional.of(mask));
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
        return new ModelInput(otherImages, context, contextPath, brainMask);
    }

    /**
     * The same subjects with other images and, when there is a context path, the context recomputed
     * from them (what the model sees when the context is a function of the image).
     */
    public ModelInput recomputedFor(INDArray otherImages) {
        return contextPath.map(path -> new ModelInput(otherImages, Optional.of(path.features(otherImages)), contextPath, brainMask))
                .orElseGet(() -> withImages(otherImages));
    }

    /** Some of the examples, in the order given: images, context, context path and brain mask alike. */
    public ModelInput rows(int[] examples) {
        return new ModelInput(rows(images, examples), context.map(all -> all.getRows(examples)),
                contextPath.map(path -> path.rows(examples)), brainMask.map(mask -> rows(mask, examples)));
    }

    private static INDArray rows(INDArray batch, int[] examples) {
        INDArray[] slices = new INDArray[examples.length];
        for (int i = 0; i < examples.length; i++) {
            slices[i] = batch.get(NDArrayIndex.interval(examples[i], examples[i] + 1));
        }
        // a batch of its own, never a view: Nd4j.concat returns a single array as it is
        return examples.length == 1 ? slices[0].dup() : Nd4j.concat(0, slices);
    }

    public long batchSize() {
        return images.size(0);
    }
}

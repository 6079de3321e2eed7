package org.perturba.model.training;

import java.util.List;
import java.util.Optional;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.anatomy.ContextFeatures;
import org.perturba.model.ModelInput;
import org.perturba.model.ModelMetadata;

/** Turns prepared subjects into the batches a model takes: images and standardised context features. */
public final class Batches {
    /** Subjects per network pass up to 64³ voxels. */
    private static final int SUBJECTS_PER_PASS = 8;
    /** The voxels of {@value #SUBJECTS_PER_PASS} subjects at 64³: what one pass of an attack holds at most. */
    private static final long VOXELS_PER_PASS = SUBJECTS_PER_PASS * 64L * 64 * 64;

    private Batches() {
    }

    /**
     * How many subjects an attack puts through the networks at once on {@code grid}: 8 up to 64³
     * voxels, fewer beyond, so that one pass holds at most the voxels of 8 subjects at 64³. An
     * attack through the segmenter keeps several full-resolution activations of 16 channels per
     * subject: at 2 mm, batches of 8 held about 4.5 GB outside the Java heap (2 a batch there; 1 at 1 mm).
     */
    public static int subjectsPerPass(int[] grid) {
        long voxels = (long) grid[0] * grid[1] * grid[2];
        return (int) Math.max(1, Math.min(SUBJECTS_PER_PASS, VOXELS_PER_PASS / voxels));
    }

    /** A batch of the subjects, as they are, with their brain masks. */
    public static ModelInput of(List<PreparedSubject> subjects, ModelMetadata metadata) {
        List<float[]> masks = subjects.stream().map(subject -> ones(subject.brainMask())).toList();
        return of(subjects, metadata, subjects.stream().map(PreparedSubject::image).toList())
                .withBrainMask(stack(masks, metadata.grid()));
    }

    /** A batch of the subjects with other image voxels (e.g. augmented, so no brain mask), same order. */
    static ModelInput of(List<PreparedSubject> subjects, ModelMetadata metadata, List<float[]> images) {
        INDArray batch = stack(images, metadata.grid());
        if (metadata.context().isEmpty()) {
            return ModelInput.imagesOnly(batch);
        }
        var standardisation = metadata.context().get().standardisation();
        double[][] features = new double[subjects.size()][];
        for (int i = 0; i < subjects.size(); i++) {
            ContextFeatures context = subjects.get(i).context().orElseThrow(() -> new IllegalArgumentException(
                    "subject has no context features"));
            features[i] = standardisation.apply(context);
        }
        return new ModelInput(batch, Optional.of(Nd4j.createFromArray(features).castTo(DataType.FLOAT)));
    }

    /** Volumes on the grid (x fastest) as one {@code [n, 1, x, y, z]} array. */
    private static INDArray stack(List<float[]> volumes, int[] grid) {
        int voxels = grid[0] * grid[1] * grid[2];
        float[] flat = new float[volumes.size() * voxels];
        for (int i = 0; i < volumes.size(); i++) {
            System.arraycopy(volumes.get(i), 0, flat, i * voxels, voxels);
        }
        // our voxels are x fastest; ND4J's [n, 1, x, y, z] in C order has z fastest
        return Nd4j.create(flat, new long[] { volumes.size(), 1, grid[2], grid[1], grid[0] }, 'c').permute(0, 1, 4, 3, 2).dup('c');
    }

    /** Example {@code index} of a batch {@code [n, 1, x, y, z]} as voxels with x fastest, as a volume holds them. */
    public static float[] voxels(INDArray batch, int index) {
        // [1, x, y, z] -> [z, y, x] in C order puts x fastest
        return batch.slice(index).slice(0).permute(2, 1, 0).dup('c').data().asFloat();
    }

    private static float[] ones(boolean[] mask) {
        float[] values = new float[mask.length];
        for (int i = 0; i < mask.length; i++) {
            values[i] = mask[i] ? 1 : 0;
        }
        return values;
    }

    /** Ages standardised as the model predicts them, shaped {@code [n, 1]}. */
    static INDArray labels(List<PreparedSubject> subjects, ModelMetadata metadata) {
        float[] labels = new float[subjects.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (float) ((subjects.get(i).age() - metadata.ageMean()) / metadata.ageScale());
        }
        return Nd4j.create(labels, new long[] { labels.length, 1 }, 'c');
    }
}

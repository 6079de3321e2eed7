package org.perturba.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.perturba.anatomy.FeatureStandardisation;
import org.perturba.imaging.Affine;
import org.perturba.imaging.InputNormalisation;

/**
 * What a model is and what it expects, stored next to its weights: architecture, input grid,
 * intensity normalisation, age scaling, context features with their training statistics, seed and
 * the hash of the training data.
 *
 * @param kind the id of the {@code org.perturba.models} contribution that builds it
 * @param grid voxels along x, y and z of the input images
 * @param normalisation how the model expects images normalised, as {@link InputNormalisation#parse} reads
 *        it, e.g. {@code robust-percentiles 0.5 99.5 foreground}
 * @param ageMean the network predicts {@code (age - ageMean) / ageScale}
 * @param context the context features the model takes, if any
 * @param seed the seed of weight initialisation and training
 * @param trainingData hash of the training subjects and ages, empty until trained
 * @param gridAffine where the input grid's voxels lie in world coordinates (for Perturba's cohorts
 *        and the template, MNI space): scans are resampled onto the grid by it. Empty for models saved
 *        before it was recorded, whose images must then be on the grid already
 */
public record ModelMetadata(String kind, int[] grid, String normalisation, double ageMean, double ageScale,
        Optional<ContextSpec> context, long seed, String trainingData, Optional<Affine> gridAffine) {

    /** Metadata without a recorded world affine of the grid. */
    public ModelMetadata(String kind, int[] grid, String normalisation, double ageMean, double ageScale,
            Optional<ContextSpec> context, long seed, String trainingData) {
        this(kind, grid, normalisation, ageMean, ageScale, context, seed, trainingData, Optional.empty());
    }

    public ModelMetadata {
        grid = grid.clone();
        if (grid.length != 3 || grid[0] < 1 || grid[1] < 1 || grid[2] < 1) {
            throw new IllegalArgumentException("a grid is three positive sizes, not " + Arrays.toString(grid));
        }
        InputNormalisation.parse(normalisation);
        // metadata is stored as JSON, which has no NaN or Infinity: refused here, not written invalid
        if (!Double.isFinite(ageMean)) {
            throw new IllegalArgumentException("ageMean must be a finite number, not " + ageMean);
        }
        if (!(ageScale > 0 && Double.isFinite(ageScale))) {
            throw new IllegalArgumentException("ageScale must be a finite number > 0, not " + ageScale);
        }
        context.ifPresent(ModelMetadata::requireFiniteStatistics);
    }

    private static void requireFiniteStatistics(ContextSpec context) {
        double[] means = context.standardisation().means();
        double[] deviations = context.standardisation().deviations();
        for (int i = 0; i < means.length; i++) {
            if (!Double.isFinite(means[i]) || !Double.isFinite(deviations[i])) {
                throw new IllegalArgumentException("context feature '" + context.names().get(i) + "' has mean " + means[i]
                        + " and deviation " + deviations[i] + ": both must be finite");
            }
        }
    }

    @Override
    public int[] grid() {
        return grid.clone();
    }

    /** How images are made ready for this model. */
    public InputNormalisation inputNormalisation() {
        return InputNormalisation.parse(normalisation);
    }

    public int contextSize() {
        return context.map(spec -> spec.names().size()).orElse(0);
    }

    /** This model with its context measured through the segmenter of that identity (see {@link ContextSpec#segmenter}). */
    public ModelMetadata withSegmenter(String segmenter) {
        ContextSpec spec = context.orElseThrow(() -> new IllegalStateException("the " + kind + " model takes no context"));
        return new ModelMetadata(kind, grid, normalisation, ageMean, ageScale,
                Optional.of(new ContextSpec(spec.extractor(), spec.standardisation(), Optional.of(segmenter))), seed, trainingData,
                gridAffine);
    }

    /** This model with its grid placed in world coordinates. */
    public ModelMetadata withGridAffine(Affine affine) {
        return new ModelMetadata(kind, grid, normalisation, ageMean, ageScale, context, seed, trainingData, Optional.of(affine));
    }

    /**
     * The context features of a hybrid model: which {@code org.perturba.context} extractor makes them
     * and how they are standardised (statistics of the training split).
     *
     * @param segmenter for an extractor that measures the image through a segmentation model, the
     *        identity (SHA-256 of its saved zip) of the one the model was trained with: a model is
     *        only used with the segmenter its context statistics came from
     */
    public record ContextSpec(String extractor, FeatureStandardisation standardisation, Optional<String> segmenter) {

        /** A context that is not measured through a segmenter. */
        public ContextSpec(String extractor, FeatureStandardisation standardisation) {
            this(extractor, standardisation, Optional.empty());
        }

        public List<String> names() {
            return standardisation.names();
        }
    }
}

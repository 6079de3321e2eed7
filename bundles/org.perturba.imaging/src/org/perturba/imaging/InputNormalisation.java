package org.perturba.imaging;

import java.util.Locale;

/**
 * How a model expects the intensities of its input images, as written in its metadata or model
 * card, and the image Perturba's attacks then work on: an image whose intensities lie in [0, 1],
 * so that every budget means the same whatever the model.
 * <ul>
 * <li>{@code robust-percentiles LOW HIGH [foreground]}: the model reads the image mapped to [0, 1]
 * by {@link IntensityNormalisation} (what Perturba's own models read); attacks work on that image.
 * <li>{@code min-max}: the model reads the image mapped linearly to [0, 1] by its minimum and maximum;
 * attacks work on that image.
 * <li>{@code z-score}: the model reads the image minus the mean of its brain (non-zero) voxels,
 * divided by their standard deviation, and 0 outside the brain. Attacks work on the min-max image,
 * and the model computes the z-scores of the image it is given ({@link #zScoreInModel()}): z-scores
 * are unchanged by a linear map, so on the clean image they are those of the stored one.
 * <li>{@code none}: the model reads the image as stored; attacks, whose budgets and clipping are in
 * [0, 1] units, then need images already in [0, 1].
 * </ul>
 */
public sealed interface InputNormalisation permits InputNormalisation.None, InputNormalisation.OntoUnitRange,
        InputNormalisation.RobustPercentiles {

    /** The text this normalisation is written as, which {@link #parse} reads back. */
    String text();

    /** The image attacks work on, made from a stored image on the model's grid. */
    Volume prepare(Volume stored);

    /**
     * The gradient with respect to the stored image of something whose gradient with respect to the
     * prepared image is {@code gradient}: the chain rule through {@link #prepare}, its statistics
     * (minimum and maximum, percentiles) held constant, as each moves with a few voxels at most.
     */
    float[] backpropagate(Volume stored, float[] gradient);

    /** Whether the model itself turns the prepared image into what its network reads ({@code z-score}). */
    default boolean zScoreInModel() {
        return false;
    }

    /** Whether {@link #prepare} puts every image into [0, 1]. */
    default boolean alwaysInUnitRange() {
        return true;
    }

    /** Perturba's own models': {@link IntensityNormalisation#DEFAULT}. */
    InputNormalisation DEFAULT = new RobustPercentiles(IntensityNormalisation.DEFAULT);

    /**
     * Reads {@code none}, {@code min-max}, {@code z-score} or {@code robust-percentiles LOW HIGH [foreground]}.
     *
     * @throws IllegalArgumentException one line saying what is accepted
     */
    static InputNormalisation parse(String text) {
        String[] words = text.trim().toLowerCase(Locale.ROOT).split("\\s+");
        switch (words[0]) {
        case "none":
            if (words.length == 1) {
                return new None();
            }
            break;
        case "min-max":
            if (words.length == 1) {
                return new MinMax();
            }
            break;
        case "z-score":
            if (words.length == 1) {
                return new ZScore();
            }
            break;
        case "robust-percentiles":
            if (words.length == 3 || words.length == 4 && words[3].equals("foreground")) {
                try {
                    return new RobustPercentiles(new IntensityNormalisation(Double.parseDouble(words[1]), Double.parseDouble(words[2]),
                            words.length == 4));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("normalisation '" + text + "': the percentiles must be numbers");
                }
            }
            break;
        default:
        }
        throw new IllegalArgumentException("normalisation '" + text + "' is not one of: none, min-max, z-score,"
                + " robust-percentiles LOW HIGH [foreground] (e.g. robust-percentiles 0.5 99.5 foreground)");
    }

    /** The model reads images as stored. */
    record None() implements InputNormalisation {
        @Override
        public String text() {
            return "none";
        }

        @Override
        public Volume prepare(Volume stored) {
            return stored;
        }

        @Override
        public float[] backpropagate(Volume stored, float[] gradient) {
            return gradient.clone();
        }

        @Override
        public boolean alwaysInUnitRange() {
            return false;
        }
    }

    /** The normalisations whose attacked image is the stored one mapped linearly onto [0, 1]. */
    sealed interface OntoUnitRange extends InputNormalisation {
        @Override
        default Volume prepare(Volume stored) {
            return minMax(stored);
        }

        @Override
        default float[] backpropagate(Volume stored, float[] gradient) {
            double[] bounds = finiteRange(stored.voxels());
            return scaledWhere(stored.voxels(), gradient, bounds[0], bounds[1], false);
        }
    }

    /** The model reads images mapped linearly onto [0, 1]. */
    record MinMax() implements OntoUnitRange {
        @Override
        public String text() {
            return "min-max";
        }
    }

    /** The model reads z-scores over the brain, computed by the model from the min-max image. */
    record ZScore() implements OntoUnitRange {
        @Override
        public String text() {
            return "z-score";
        }

        @Override
        public boolean zScoreInModel() {
            return true;
        }
    }

    /** The model reads images normalised by robust percentiles. */
    record RobustPercentiles(IntensityNormalisation normalisation) implements InputNormalisation {
        @Override
        public String text() {
            return String.format(Locale.ROOT, "robust-percentiles %s %s%s", number(normalisation.lowPercent()),
                    number(normalisation.highPercent()), normalisation.foregroundOnly() ? " foreground" : "");
        }

        private static String number(double value) {
            return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
        }

        @Override
        public Volume prepare(Volume stored) {
            return normalisation.apply(stored);
        }

        /** 1 / (high - low) where the value lies strictly between the percentiles; 0 where it was clipped. */
        @Override
        public float[] backpropagate(Volume stored, float[] gradient) {
            float[] in = stored.voxels();
            double[] bounds = IntensityNormalisation.percentiles(in, normalisation.foregroundOnly(), normalisation.lowPercent(),
                    normalisation.highPercent());
            return scaledWhere(in, gradient, bounds[0], bounds[1], true);
        }
    }

    /** The finite voxels mapped linearly from [min, max] onto [0, 1]; others, and a constant image, become 0. */
    private static Volume minMax(Volume stored) {
        float[] in = stored.voxels();
        double[] bounds = finiteRange(in);
        double low = bounds[0];
        float[] out = new float[in.length];
        double range = bounds[1] - low;
        if (range > 0) {
            for (int i = 0; i < in.length; i++) {
                out[i] = Float.isFinite(in[i]) ? (float) ((in[i] - low) / range) : 0;
            }
        }
        return stored.withVoxels(out);
    }

    /** The smallest and largest finite value. */
    private static double[] finiteRange(float[] values) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (float value : values) {
            if (Float.isFinite(value)) {
                low = Math.min(low, value);
                high = Math.max(high, value);
            }
        }
        return new double[] { low, high };
    }

    /**
     * The gradient of a linear map from [low, high] onto [0, 1]: scaled by 1 / (high - low) at finite
     * voxels (strictly inside the range when {@code clipped}, where values beyond were clipped), 0
     * elsewhere and for a constant image.
     */
    private static float[] scaledWhere(float[] values, float[] gradient, double low, double high, boolean clipped) {
        float[] out = new float[gradient.length];
        double range = high - low;
        if (!(range > 0)) {
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            boolean passes = Float.isFinite(values[i]) && (!clipped || values[i] > low && values[i] < high);
            out[i] = passes ? (float) (gradient[i] / range) : 0;
        }
        return out;
    }
}

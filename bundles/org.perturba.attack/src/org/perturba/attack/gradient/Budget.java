package org.perturba.attack.gradient;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.Norm;
import org.perturba.model.ModelInput;

/**
 * What an attacker may change: a ball around the clean images (L-infinity or L2), the valid intensity
 * range [0, 1] and, optionally ({@code brain-only}), only the changeable voxels of the input: its
 * subjects' brain mask ({@link ModelInput#changeableVoxels()}; the images' non-zero voxels when no
 * mask is known). Every attack projects onto this set, so that no attack can report a success it
 * bought outside its budget.
 *
 * <p>The background is left alone by default: a perturbation there would be visible at a glance (and
 * removed by any re-masking). The brain mask, not "clean value is not 0", says where the brain is,
 * because the intensity normalisation clips the darkest brain voxels (ventricular fluid) to 0 and
 * those may change too. The projection keeps the perturbation 0 outside the mask, then projects it
 * onto the ball, then clamps clean + perturbation to [0, 1]; clamping and masking only shrink every
 * voxel's change, so the result satisfies all three constraints at once.
 */
public abstract sealed class Budget permits Budget.Linf, Budget.L2 {
    /** The name of the common parameter that restricts the perturbation to the brain. */
    public static final String BRAIN_ONLY = "brain-only";

    protected final INDArray clean;
    protected final double epsilon;
    /** 1 where the attacker may change a voxel, 0 elsewhere; null when the whole image may change. */
    private final INDArray mask;
    /** Per image, how many voxels may change: inside the mask, or all of them. */
    protected final double[] changeable;

    private Budget(INDArray clean, INDArray mask, double epsilon) {
        if (!(epsilon >= 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be a finite number >= 0, not " + epsilon);
        }
        this.clean = clean;
        this.epsilon = epsilon;
        this.mask = mask;
        long images = clean.size(0);
        this.changeable = mask == null ? filled((int) images, clean.length() / images)
                : mask.castTo(DataType.DOUBLE).reshape('c', images, -1).sum(1).toDoubleVector();
    }

    /**
     * The budget of {@code epsilon} in {@code norm} around the input's images; with {@code brainOnly}
     * only its {@linkplain ModelInput#changeableVoxels() changeable voxels} may change.
     */
    public static Budget of(Norm norm, ModelInput input, double epsilon, boolean brainOnly) {
        INDArray clean = input.images();
        INDArray mask = brainOnly ? input.changeableVoxels() : null;
        return switch (norm) {
        case LINF -> new Linf(clean, mask, epsilon);
        case L2 -> new L2(clean, mask, epsilon);
        };
    }

    /** For callers with images only: brain-only then means the images' non-zero voxels. */
    public static Budget of(Norm norm, INDArray clean, double epsilon, boolean brainOnly) {
        return of(norm, ModelInput.imagesOnly(clean), epsilon, brainOnly);
    }

    /** Largest change of any voxel is {@code epsilon}. */
    public static Budget linf(INDArray clean, double epsilon, boolean brainOnly) {
        return of(Norm.LINF, clean, epsilon, brainOnly);
    }

    /**
     * L2 norm of each image's change at most {@code epsilon * sqrt(changeable voxels of that image)}:
     * epsilon is the root-mean-square change per changeable voxel (see {@link L2}).
     */
    public static Budget l2(INDArray clean, double epsilon, boolean brainOnly) {
        return of(Norm.L2, clean, epsilon, brainOnly);
    }

    /** Whether {@code brain-only} is on; true when the parameter is absent (its declared default). */
    public static boolean brainOnly(AttackParameters parameters) {
        return Boolean.parseBoolean(parameters.get(BRAIN_ONLY, "true"));
    }

    public double epsilon() {
        return epsilon;
    }

    public INDArray clean() {
        return clean;
    }

    /** The norm in which epsilon bounds each image's change. */
    public abstract Norm norm();

    /**
     * Per image, the size of its change from the clean image in this budget's norm and in the units
     * of epsilon (the image is within the ball when its size is at most epsilon), computed in double.
     */
    public double[] changeSizes(INDArray adversarial) {
        long images = clean.size(0);
        INDArray change = adversarial.castTo(DataType.DOUBLE).reshape('c', images, -1)
                .sub(clean.castTo(DataType.DOUBLE).reshape('c', images, -1));
        return sizes(change).toDoubleVector();
    }

    /** The size of each row of {@code change} in the units of epsilon: {@code [images, voxels]} to {@code [images]}. */
    protected abstract INDArray sizes(INDArray change);

    /** The nearest allowed images to {@code adversarial} (in the sense described above); a new array. */
    public INDArray project(INDArray adversarial) {
        INDArray perturbation = adversarial.sub(clean);
        restrict(perturbation);
        projectOntoBall(perturbation);
        return Transforms.min(Transforms.max(perturbation.addi(clean), 0.0, false), 1.0, false);
    }

    /** Keeps only the voxels the attacker may change (all of them unless brain-only); in place. */
    public INDArray restrict(INDArray perVoxel) {
        return mask == null ? perVoxel : perVoxel.muli(mask);
    }

    /** A random allowed starting point, drawn from {@code random}. */
    public abstract INDArray randomStart(SplittableRandom random);

    /**
     * One ascent step from {@code current} along {@code gradient} for every image, of {@code fraction}
     * of the budget: {@code fraction * epsilon} per voxel along the gradient's sign (L-infinity), or
     * {@code fraction * radius} along its unit direction (L2); a new array, not yet projected. Only
     * voxels that may change and are free to move the gradient's way count: one at 0 (such as
     * ventricular fluid clipped to 0 by the normalisation) cannot go darker, and an L2 step spent on it
     * would be clamped away, leaving the change short of the ball's border.
     */
    public INDArray ascentStep(INDArray current, INDArray gradient, double fraction) {
        return ascentStep(current, gradient, filled((int) clean.size(0), fraction));
    }

    /** {@link #ascentStep(INDArray, INDArray, double)} with a fraction per image. */
    public INDArray ascentStep(INDArray current, INDArray gradient, double[] fractions) {
        INDArray stuck = Transforms.or(Transforms.and(current.lte(0.0), gradient.lt(0.0)),
                Transforms.and(current.gte(1.0), gradient.gt(0.0)));
        return step(restrict(gradient.mul(Transforms.not(stuck).castTo(gradient.dataType()))), fractions);
    }

    /** Scales the free {@code gradient} (a new array, changed in place) per image into a step. */
    protected abstract INDArray step(INDArray gradient, double[] fractions);

    /** Projects a perturbation onto the ball, in place. */
    protected abstract void projectOntoBall(INDArray perturbation);

    private static double[] filled(int n, double value) {
        double[] values = new double[n];
        Arrays.fill(values, value);
        return values;
    }

    /** The L-infinity ball: every voxel within epsilon of clean; sign-gradient steps. */
    static final class Linf extends Budget {
        Linf(INDArray clean, INDArray mask, double epsilon) {
            super(clean, mask, epsilon);
        }

        @Override
        public Norm norm() {
            return Norm.LINF;
        }

        @Override
        protected INDArray sizes(INDArray change) {
            return change.amax(1);
        }

        @Override
        public INDArray randomStart(SplittableRandom random) {
            float[] noise = new float[(int) clean.length()];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) ((2 * random.nextDouble() - 1) * epsilon);
            }
            return project(clean.add(Nd4j.create(noise, clean.shape(), 'c').castTo(clean.dataType())));
        }

        @Override
        protected INDArray step(INDArray gradient, double[] fractions) {
            INDArray step = Transforms.sign(gradient, false);
            for (int example = 0; example < fractions.length; example++) {
                step.slice(example).muli(fractions[example] * epsilon);
            }
            return step;
        }

        @Override
        protected void projectOntoBall(INDArray perturbation) {
            Transforms.min(Transforms.max(perturbation, -epsilon, false), epsilon, false);
        }
    }

    /**
     * The L2 ball of radius {@code epsilon * sqrt(m)} around each clean image, {@code m} the voxels that
     * image may change (its mask's voxels when brain-only, else all): the L2 norm of an L-infinity
     * perturbation of epsilon on every changeable voxel, so that L2 and L-infinity epsilons compare,
     * and a voxel that may not change does not enlarge the ball. Unit-norm steps.
     */
    static final class L2 extends Budget {
        private final double[] radii;

        L2(INDArray clean, INDArray mask, double epsilon) {
            super(clean, mask, epsilon);
            this.radii = Arrays.stream(changeable).map(voxels -> epsilon * Math.sqrt(voxels)).toArray();
        }

        @Override
        public Norm norm() {
            return Norm.L2;
        }

        /** The root-mean-square change per changeable voxel, as epsilon is: the L2 norm over the square root of their count. */
        @Override
        protected INDArray sizes(INDArray change) {
            double[] norms = change.norm2(1).toDoubleVector();
            for (int example = 0; example < norms.length; example++) {
                norms[example] /= Math.sqrt(Math.max(1, changeable[example]));
            }
            return Nd4j.createFromArray(norms);
        }

        /**
         * A Gaussian direction (restricted to the mask) scaled to a radius drawn uniformly from
         * [0, radius]: uniform in the ball would put nearly every start on the sphere in millions of
         * dimensions; this spreads starts from near-clean to the border.
         */
        @Override
        public INDArray randomStart(SplittableRandom random) {
            float[] noise = new float[(int) clean.length()];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) random.nextGaussian();
            }
            INDArray direction = restrict(Nd4j.create(noise, clean.shape(), 'c').castTo(clean.dataType()));
            for (int example = 0; example < clean.size(0); example++) {
                scaleTo(direction.slice(example), radii[example] * random.nextDouble());
            }
            return project(clean.add(direction));
        }

        @Override
        protected INDArray step(INDArray gradient, double[] fractions) {
            for (int example = 0; example < fractions.length; example++) {
                scaleTo(gradient.slice(example), fractions[example] * radii[example]);
            }
            return gradient;
        }

        @Override
        protected void projectOntoBall(INDArray perturbation) {
            for (int example = 0; example < perturbation.size(0); example++) {
                INDArray one = perturbation.slice(example);
                if (one.norm2Number().doubleValue() > radii[example]) {
                    scaleTo(one, radii[example]);
                }
            }
        }

        /** Scales {@code vector} in place to L2 norm {@code length}; a zero vector stays zero. */
        private static void scaleTo(INDArray vector, double length) {
            double norm = vector.norm2Number().doubleValue();
            vector.muli(norm > 0 ? length / norm : 0);
        }
    }
}

package org.perturba.attack.gradient;

import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.Norm;

/**
 * What an attacker may change: a ball around the clean images (L-infinity or L2), the valid intensity
 * range [0, 1] and, optionally, only the voxels inside the head. Every gradient attack projects onto
 * this set after each step, so that no attack can report a success it bought outside its budget.
 *
 * <p>The brain mask is where the clean image is not 0: skull-stripped images are exactly 0 outside the
 * head, and a perturbation there would be visible at a glance (and removed by any re-masking), so by
 * default attacks leave it alone. The projection keeps the perturbation 0 outside the mask, then
 * projects it onto the ball, then clamps clean + perturbation to [0, 1]; clamping and masking only
 * shrink every voxel's change, so the result satisfies all three constraints at once.
 */
public abstract sealed class Budget permits Budget.Linf, Budget.L2 {
    /** The name of the common parameter that restricts the perturbation to the head. */
    public static final String BRAIN_ONLY = "brain-only";

    protected final INDArray clean;
    protected final double epsilon;
    /** 1 inside the head, 0 outside; null when the whole image may change. */
    private final INDArray mask;

    private Budget(INDArray clean, double epsilon, boolean brainOnly) {
        if (!(epsilon >= 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be a finite number >= 0, not " + epsilon);
        }
        this.clean = clean;
        this.epsilon = epsilon;
        this.mask = brainOnly ? brainMask(clean) : null;
    }

    /** Largest change of any voxel is {@code epsilon}. */
    public static Budget linf(INDArray clean, double epsilon, boolean brainOnly) {
        return new Linf(clean, epsilon, brainOnly);
    }

    /**
     * L2 norm of each image's change at most {@code epsilon * sqrt(voxels per image)}: epsilon is the
     * root-mean-square change per voxel, so L2 and L-infinity budgets with the same epsilon are
     * comparable (an L-infinity perturbation of epsilon everywhere has exactly this L2 norm).
     */
    public static Budget l2(INDArray clean, double epsilon, boolean brainOnly) {
        return new L2(clean, epsilon, brainOnly);
    }

    /** The budget of {@code epsilon} in {@code norm}. */
    public static Budget of(Norm norm, INDArray clean, double epsilon, boolean brainOnly) {
        return switch (norm) {
        case LINF -> linf(clean, epsilon, brainOnly);
        case L2 -> l2(clean, epsilon, brainOnly);
        };
    }

    /** Whether {@code brain-only} is on; true when the parameter is absent (its declared default). */
    public static boolean brainOnly(AttackParameters parameters) {
        return Boolean.parseBoolean(parameters.get(BRAIN_ONLY, "true"));
    }

    /** 1 where the image is not 0 (inside the skull-stripped head), else 0; same shape and type. */
    public static INDArray brainMask(INDArray images) {
        return images.neq(0.0).castTo(images.dataType());
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
        if (mask != null) {
            perturbation.muli(mask);
        }
        projectOntoBall(perturbation);
        return Transforms.min(Transforms.max(perturbation.addi(clean), 0.0, false), 1.0, false);
    }

    /** Keeps only the voxels the attacker may change (all of them unless brain-only); in place. */
    public INDArray restrict(INDArray perVoxel) {
        return mask == null ? perVoxel : perVoxel.muli(mask);
    }

    /** A random allowed starting point, drawn from {@code random}. */
    public abstract INDArray randomStart(SplittableRandom random);

    /** The direction of one ascent step along {@code gradient} (restricted first); a new array. */
    public abstract INDArray ascentDirection(INDArray gradient);

    /** The length of a step that is {@code fraction} of the budget, in the budget's norm. */
    public abstract double stepLength(double fraction);

    /** Projects a perturbation onto the ball, in place. */
    protected abstract void projectOntoBall(INDArray perturbation);

    /** The L-infinity ball: every voxel within epsilon of clean; sign-gradient steps. */
    static final class Linf extends Budget {
        Linf(INDArray clean, double epsilon, boolean brainOnly) {
            super(clean, epsilon, brainOnly);
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
        public INDArray ascentDirection(INDArray gradient) {
            return restrict(Transforms.sign(gradient, true));
        }

        @Override
        public double stepLength(double fraction) {
            return fraction * epsilon;
        }

        @Override
        protected void projectOntoBall(INDArray perturbation) {
            Transforms.min(Transforms.max(perturbation, -epsilon, false), epsilon, false);
        }
    }

    /** The L2 ball of radius epsilon * sqrt(voxels per image) around each clean image; unit-norm steps. */
    static final class L2 extends Budget {
        private final double radius;

        L2(INDArray clean, double epsilon, boolean brainOnly) {
            super(clean, epsilon, brainOnly);
            this.radius = epsilon * Math.sqrt(clean.length() / clean.size(0));
        }

        /** Radius of the ball around each image. */
        public double radius() {
            return radius;
        }

        @Override
        public Norm norm() {
            return Norm.L2;
        }

        /** The root-mean-square change per voxel, as epsilon is: the L2 norm over the square root of the voxels. */
        @Override
        protected INDArray sizes(INDArray change) {
            return change.norm2(1).divi(Math.sqrt(change.size(1)));
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
                INDArray one = direction.slice(example);
                double norm = one.norm2Number().doubleValue();
                one.muli(norm > 0 ? radius * random.nextDouble() / norm : 0);
            }
            return project(clean.add(direction));
        }

        @Override
        public INDArray ascentDirection(INDArray gradient) {
            INDArray direction = restrict(gradient.dup());
            for (int example = 0; example < direction.size(0); example++) {
                INDArray one = direction.slice(example);
                double norm = one.norm2Number().doubleValue();
                one.muli(norm > 0 ? 1 / norm : 0);
            }
            return direction;
        }

        @Override
        public double stepLength(double fraction) {
            return fraction * radius;
        }

        @Override
        protected void projectOntoBall(INDArray perturbation) {
            for (int example = 0; example < perturbation.size(0); example++) {
                INDArray one = perturbation.slice(example);
                double norm = one.norm2Number().doubleValue();
                if (norm > radius) {
                    one.muli(radius / norm);
                }
            }
        }
    }
}

package org.perturba.experiment.run;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.Norm;
import org.perturba.attack.gradient.Budget;
import org.perturba.model.ModelInput;

/**
 * The attack contract, checked on every result rather than trusted: an attack leaves the batch it
 * was handed as it was, and each adversarial image is finite, within [0, 1], within epsilon of its
 * clean image in the attack's norm and, with {@code brain-only}, unchanged outside the brain mask
 * (the input's {@linkplain ModelInput#changeableVoxels() changeable voxels}, as {@link Budget} uses them). A copy of the input is taken before the call; it costs one batch of
 * memory and a pass over it, little beside the model evaluations of an attack.
 *
 * <p>The budget allows {@link #RELATIVE_TOLERANCE} of epsilon plus {@link #ABSOLUTE_TOLERANCE} more,
 * for float32 rounding in an honest attack: it stores clean + change in float32, which moves an
 * intensity in [0, 1] by up to 2^-25, and computes an L2 norm and its scale factor in float32. The
 * intensity range and the head are exact: clamping and masking in float32 lose nothing.
 */
public final class AttackOutputCheck {
    /** Of epsilon: float32 norms and scale factors in the attack's projection. */
    public static final double RELATIVE_TOLERANCE = 1e-5;
    /** In intensity: twice the largest float32 rounding of an intensity in [0, 1]. */
    public static final double ABSOLUTE_TOLERANCE = 0x1p-24;

    private final ModelInput input;
    private final INDArray images;
    private final Optional<INDArray> context;
    private final List<String> subjects;

    private AttackOutputCheck(ModelInput input, List<String> subjects) {
        if (subjects.size() != input.batchSize()) {
            throw new IllegalArgumentException(subjects.size() + " subject ids for a batch of " + input.batchSize());
        }
        this.input = input;
        this.images = input.images().dup();
        this.context = input.context().map(INDArray::dup);
        this.subjects = List.copyOf(subjects);
    }

    /** Takes a copy of what an attack is about to be handed; {@code subjects} names the batch's images in order. */
    public static AttackOutputCheck before(ModelInput input, List<String> subjects) {
        return new AttackOutputCheck(input, subjects);
    }

    /** The largest change of an image, in the units of epsilon, that counts as within a budget of {@code epsilon}. */
    public static double allowedSize(double epsilon) {
        return epsilon * (1 + RELATIVE_TOLERANCE) + ABSOLUTE_TOLERANCE;
    }

    /** How the attack changed the images or context it was handed, if it did: one line naming the worst subject. */
    public Optional<String> modification() {
        List<String> found = new ArrayList<>();
        changed(images, input.images()).ifPresent(worst -> found.add(worst.subject()
                + ": the attack modified its input image (" + (long) worst.size() + " voxels changed)"));
        if (context.isPresent()) {
            changed(context.get(), input.context().get()).ifPresent(worst -> found.add(worst.subject()
                    + ": the attack modified its input context (" + (long) worst.size() + " features changed)"));
        }
        return joined(found);
    }

    /**
     * The rules that the attack's result {@code adversarial} breaks, in one line naming for each rule
     * the subject that breaks it most and by how much; empty when the result keeps the contract.
     *
     * @param norm the attack's norm
     * @param parameters the attack's parameters: {@code epsilon} and {@code brain-only} are read
     */
    public Optional<String> violation(INDArray adversarial, Norm norm, AttackParameters parameters) {
        if (!Arrays.equals(adversarial.shape(), images.shape())) {
            return Optional.of("the attack returned images of shape " + Arrays.toString(adversarial.shape())
                    + " for a batch of shape " + Arrays.toString(images.shape()));
        }
        List<String> found = new ArrayList<>();
        modification().ifPresent(found::add);
        Optional<Worst> nonFinite = worst(count(adversarial.isNaN()).addi(count(adversarial.isInfinite())).toDoubleVector(), 0);
        if (nonFinite.isPresent()) { // NaN defeats every comparison below
            found.add(nonFinite.get().subject() + ": " + (long) nonFinite.get().size() + " voxels are NaN or infinite");
            return joined(found);
        }
        INDArray voxels = perImage(adversarial);
        INDArray outsideRange = Transforms.max(voxels.min(1).negi(), voxels.max(1).subi(1)); // farthest voxel from [0, 1]
        worst(outsideRange.toDoubleVector(), 0).ifPresent(worst -> found.add(worst.subject() + ": a voxel lies "
                + format(worst.size()) + " outside [0, 1]"));
        double epsilon = parameters.getDouble(Contributions.EPSILON);
        Budget budget = Budget.of(norm, input.withImages(images), epsilon, Budget.brainOnly(parameters));
        if (Budget.brainOnly(parameters)) {
            INDArray change = adversarial.castTo(images.dataType()).sub(images);
            INDArray outsideHead = change.sub(budget.restrict(change.dup()));
            worst(perImage(outsideHead).amax(1).toDoubleVector(), 0).ifPresent(worst -> found.add(worst.subject()
                    + ": brain-only is on, but a voxel outside the head changed by " + format(worst.size())));
        }
        worst(budget.changeSizes(adversarial), allowedSize(epsilon)).ifPresent(worst -> found.add(worst.subject() + ": "
                + norm.label() + " distance " + format(worst.size()) + " exceeds the budget " + format(epsilon)));
        return joined(found);
    }

    /** The subject whose measure exceeds a limit most, and its measure. */
    private record Worst(String subject, double size) {
    }

    private Optional<Worst> worst(double[] sizes, double limit) {
        Optional<Worst> worst = Optional.empty();
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] > limit && (worst.isEmpty() || sizes[i] > worst.get().size())) {
                worst = Optional.of(new Worst(subjects.get(i), sizes[i]));
            }
        }
        return worst;
    }

    /** The subject with the most values that differ from the copy taken before the call (NaN differs from all). */
    private Optional<Worst> changed(INDArray copy, INDArray now) {
        return worst(count(now.neq(copy)).toDoubleVector(), 0);
    }

    /** How many of each example's values a boolean array {@code [n, ...]} marks. */
    private static INDArray count(INDArray marks) {
        return perImage(marks).sum(1);
    }

    /** {@code [n, ...]} as {@code [n, values]} in double, so that differences and sums are exact enough to judge. */
    private static INDArray perImage(INDArray array) {
        return array.castTo(DataType.DOUBLE).reshape('c', array.size(0), -1);
    }

    private static Optional<String> joined(List<String> found) {
        return found.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", found));
    }

    /** Six significant digits, enough to tell a size from a budget it exceeds by more than the tolerance. */
    private static String format(double value) {
        return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}

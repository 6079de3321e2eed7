package org.perturba.attack.universal;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.perturba.attack.Attack;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.gradient.Budget;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelInput;

/**
 * An attack that crafts one perturbation for a whole population rather than one per image (threat
 * model): fitted once on some subjects, it is then added to anyone's scan without access to the
 * model. That it moves held-out subjects' ages is the finding; callers measure it by fitting on one
 * set and {@linkplain #apply applying} to another. {@link #perturb} fits on the batch itself and
 * applies to it, the in-sample number.
 */
public interface UniversalAttack extends Attack {

    /**
     * @param fitSet the subjects to fit on; not modified. With a context path the fit may follow the
     *        context through it (the adaptive variant); without one the context stays fixed
     * @return the perturbation {@code [1, 1, x, y, z]}, shared by every image
     */
    INDArray fit(BrainAgeModel model, ModelInput fitSet, AttackParameters parameters);

    @Override
    default INDArray perturb(BrainAgeModel model, ModelInput input, AttackParameters parameters) {
        return apply(fit(model, input, parameters), input, Budget.brainOnly(parameters));
    }

    /**
     * Adds the shared perturbation to every image of {@code input}: restricted to each subject's
     * {@linkplain ModelInput#changeableVoxels() changeable voxels} (its brain mask) when
     * {@code brainOnly}, then clamped to [0, 1] per image.
     *
     * @param perturbation {@code [1, 1, x, y, z]}
     * @param input images {@code [n, 1, x, y, z]} and their brain mask; not modified
     * @return the perturbed images, a new array
     */
    static INDArray apply(INDArray perturbation, ModelInput input, boolean brainOnly) {
        INDArray images = input.images();
        long[] shape = images.shape();
        long[] single = perturbation.shape();
        if (single.length != 5 || single[0] != 1
                || !Arrays.equals(Arrays.copyOfRange(single, 1, 5), Arrays.copyOfRange(shape, 1, 5))) {
            throw new IllegalArgumentException("perturbation of shape " + Arrays.toString(single)
                    + " does not fit images of shape " + Arrays.toString(shape));
        }
        // a copy per image: Nd4j.concat of a single array (a batch of one) returns that array itself, and the
        // in-place operations below would then overwrite the shared perturbation with an adversarial image
        INDArray change = Nd4j.create(images.dataType(), shape);
        INDArray delta = perturbation.castTo(images.dataType()).slice(0);
        for (int example = 0; example < shape[0]; example++) {
            change.slice(example).assign(delta);
        }
        if (brainOnly) {
            change.muli(input.changeableVoxels());
        }
        return Transforms.min(Transforms.max(change.addi(images), 0.0, false), 1.0, false);
    }
}

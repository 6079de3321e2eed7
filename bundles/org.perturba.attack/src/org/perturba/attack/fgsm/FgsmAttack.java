package org.perturba.attack.fgsm;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.perturba.attack.Attack;
import org.perturba.attack.AttackParameters;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelInput;

/**
 * Fast gradient sign method (Goodfellow et al., 2015): one step of size epsilon along the sign of
 * the gradient of the predicted age, pushing it up or down, then clipped to the valid intensity
 * range. An L-infinity attack on the image: no voxel changes by more than epsilon; context features
 * are left as given.
 */
public final class FgsmAttack implements Attack {

    @Override
    public INDArray perturb(BrainAgeModel model, ModelInput input, AttackParameters parameters) {
        double epsilon = parameters.getDouble("epsilon");
        double direction = switch (parameters.get("direction")) {
        case "increase" -> 1.0;
        case "decrease" -> -1.0;
        default -> throw new IllegalArgumentException("direction must be increase or decrease");
        };
        INDArray step = Transforms.sign(model.ageGradients(input).images(), false).muli(direction * epsilon);
        INDArray adversarial = input.images().add(step);
        return Transforms.min(Transforms.max(adversarial, 0.0, false), 1.0, false);
    }
}

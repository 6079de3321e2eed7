package org.perturba.attack.pgd;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.perturba.attack.Attack;
import org.perturba.attack.AttackParameters;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelInput;

/**
 * Projected gradient descent in the L-infinity ball (Madry et al., 2018): from a random start inside
 * the budget, repeated signed-gradient steps on the predicted age, each followed by projection back
 * into the budget and the valid intensity range. The step size halves at half and at three quarters
 * of the steps; with several restarts, each image keeps the restart that moved its age furthest the
 * asked way. Context features (hybrid models) are left as given.
 */
public final class PgdLinfAttack implements Attack {

    @Override
    public INDArray perturb(BrainAgeModel model, ModelInput input, AttackParameters parameters) {
        double epsilon = parameters.getDouble("epsilon");
        int steps = parameters.getInt("steps");
        int restarts = parameters.getInt("restarts");
        double direction = switch (parameters.get("direction")) {
        case "increase" -> 1.0;
        case "decrease" -> -1.0;
        default -> throw new IllegalArgumentException("direction must be increase or decrease");
        };
        double stepSize = parameters.getDouble("step-fraction") * epsilon;
        INDArray clean = input.images();
        INDArray best = clean.dup();
        double[] bestObjective = objective(model, input, best, direction);
        Nd4j.getRandom().setSeed(parameters.getInt("seed"));
        for (int restart = 0; restart < restarts; restart++) {
            INDArray start = Nd4j.rand(clean.dataType(), clean.shape()).muli(2 * epsilon).subi(epsilon);
            INDArray adversarial = project(clean.add(start), clean, epsilon);
            for (int step = 0; step < steps; step++) {
                double size = stepSize * (step >= 3 * steps / 4 ? 0.25 : step >= steps / 2 ? 0.5 : 1);
                INDArray gradient = model.ageGradients(new ModelInput(adversarial, input.context())).images();
                adversarial = project(adversarial.addi(Transforms.sign(gradient, false).muli(direction * size)), clean,
                        epsilon);
            }
            double[] reached = objective(model, input, adversarial, direction);
            for (int example = 0; example < reached.length; example++) {
                if (reached[example] > bestObjective[example]) {
                    bestObjective[example] = reached[example];
                    best.putSlice(example, adversarial.slice(example));
                }
            }
        }
        return best;
    }

    /** The predicted age, signed so that larger is better for the attack. */
    private static double[] objective(BrainAgeModel model, ModelInput input, INDArray images, double direction) {
        double[] ages = model.predictAges(new ModelInput(images, input.context()));
        for (int i = 0; i < ages.length; i++) {
            ages[i] *= direction;
        }
        return ages;
    }

    /** Into the L-infinity ball of radius epsilon around the clean images, and into [0, 1]. */
    private static INDArray project(INDArray images, INDArray clean, double epsilon) {
        INDArray lower = Transforms.max(clean.sub(epsilon), 0.0, false);
        INDArray upper = Transforms.min(clean.add(epsilon), 1.0, false);
        return Transforms.min(Transforms.max(images, lower, false), upper, false);
    }
}

package org.perturba.experiment.run;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.perturba.experiment.output.FitCurvePoint;

/**
 * What a run measured about its own attacks and models, beside their results: the gradient-masking
 * checks of every cell, each model's input-gradient norms, how well they predict each FGSM cell, and
 * the universal perturbations' effect against fit-set size.
 *
 * @param gradients by model id, for the models that could be differentiated
 * @param fgsm one per image-only FGSM cell on a model with gradients, in the cells' order
 */
record Diagnostics(GradientMaskingChecks masking, Map<String, GradientNorms> gradients, List<FgsmPrediction> fgsm,
        List<FitCurvePoint> fitCurve) {

    static Diagnostics of(List<CellResult> cells, Map<String, GradientNorms> gradients, Function<String, GradientMaskingChecks.Kind> kindOf,
            List<FitCurvePoint> fitCurve) {
        List<FgsmPrediction> fgsm = cells.stream().filter(cell -> !cell.failed() && cell.craftedOn().isEmpty()
                && cell.threatModel().equals(CellResult.IMAGE_ONLY) && gradients.containsKey(cell.model())
                && kindOf.apply(cell.attack()) == GradientMaskingChecks.Kind.FGSM)
                .map(cell -> FgsmPrediction.of(cell, gradients.get(cell.model()))).toList();
        return new Diagnostics(GradientMaskingChecks.of(cells, kindOf), gradients, fgsm, fitCurve);
    }
}

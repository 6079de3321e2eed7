package org.perturba.experiment.output;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One attack run (a cell of the sweep: model × attack × epsilon × direction) as {@code summary.json}
 * lists it, with the example images the run kept for it. Numbers the summary leaves out (a failed
 * cell, an undefined PSNR) are NaN.
 *
 * @param craftedOn the model the perturbations were crafted on, for a transfer
 * @param adversarialExample the first attacked subject's adversarial image, when the folder holds it
 * @param cleanExample the same subject's clean image, when the folder holds it
 */
public record AttackSummary(String model, Optional<String> craftedOn, String attack, String threatModel, String direction,
        double epsilon, Optional<String> error, double meanShiftYears, double meanAbsShiftYears,
        double fractionShiftedOver5Years, double psnrDb, double ssim, double maxLInf, Optional<Path> adversarialExample,
        Optional<Path> cleanExample) {

    public boolean failed() {
        return error.isPresent();
    }

    /** The series this cell belongs to in a shift-versus-epsilon chart, e.g. {@code conventional · fgsm · up}. */
    public String seriesName() {
        return model + craftedOn.map(source -> " (from " + source + ")").orElse("") + " · " + attack + " · " + direction;
    }
}

package org.perturba.experiment.output;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.perturba.experiment.json.Json;
import org.perturba.imaging.io.Sha256;
import org.perturba.experiment.stats.Interval;

/**
 * One attack run (a cell of the sweep: model × attack × epsilon × direction × threat model) as {@code summary.json}
 * lists it. Numbers a run could not compute (a failed cell, an undefined PSNR) are NaN, null in the file.
 * Perceptibility is the subjects' mean, inside the brain (what a reader sees and a brain-only attack
 * changes) and, under their own names, over the whole volume, whose unchanged background inflates them.
 *
 * @param craftedOn the model the perturbations were crafted on, for a transfer
 * @param parameters the attack's parameters
 * @param error why the cell failed; its numbers are then NaN
 * @param subjects how many subjects were attacked
 * @param psnrBrainDb PSNR (dB) with the squared error averaged over the brain voxels
 * @param ssimBrain 3D SSIM averaged over the brain voxels
 * @param psnrVolumeDb PSNR (dB) over the whole volume, background included
 * @param ssimVolume 3D SSIM over the whole volume, background included
 * @param epsilonOverNoise the budget over the clean images' noise deviation, estimated inside the brain
 * @param adversarialExample the first attacked subject's adversarial image, relative to the output
 *        folder, when the run kept it
 * @param cleanExample the same subject's clean image, relative to the output folder
 * @param flags the gradient-masking checks this cell failed (e.g. {@code weaker-than-fgsm}), empty when it passed them all
 * @param protocol for a universal perturbation: {@code in-sample} (measured on the subjects it was fitted on) or
 *        {@code held-out} (on the attacked test subjects)
 * @param fitSubjects for a universal perturbation, how many subjects it was fitted on
 * @param alignment for a universal perturbation, {@code ||mean g||_1 / mean ||g||_1} of its fit set's input gradients
 * @param meanAbsShiftYearsCi95 the bootstrap 95 % interval over subjects of {@code meanAbsShiftYears}
 * @param fractionShiftedOver5YearsCi95 the same of {@code fractionShiftedOver5Years}
 */
public record AttackSummary(String model, Optional<String> craftedOn, String attack, Map<String, String> parameters,
        String threatModel, double epsilon, String direction, Optional<String> error, int subjects, double meanShiftYears,
        double meanAbsShiftYears, double fractionShiftedOver5Years, double psnrBrainDb, double ssimBrain, double psnrVolumeDb,
        double ssimVolume, double epsilonOverNoise, double maxLInf,
        Optional<String> adversarialExample, Optional<String> cleanExample, List<String> flags,
        Optional<String> protocol, Optional<Integer> fitSubjects, double alignment, Interval meanAbsShiftYearsCi95,
        Interval fractionShiftedOver5YearsCi95) {

    public AttackSummary {
        parameters = Collections.unmodifiableMap(new TreeMap<>(parameters)); // sorted: the same file every run
        flags = List.copyOf(flags);
    }

    /** The threat models of attacks on any model, image-only included; those of models with context add others. */
    private static final Set<String> PLAIN_THREAT_MODELS = Set.of("image-only", "universal", "transfer");

    /** Hex digits of the parameters' hash: 48 bits, no collision among a sweep's entries in practice. */
    private static final int KEY_LENGTH = 12;

    /**
     * A short, stable name for a set of parameter values: the start of the hash of their sorted JSON
     * form. It names a cell's file in {@code cells/} and ties {@code attacks.csv} rows to their run.
     */
    public static String keyOf(Map<String, String> parameters) {
        return Sha256.of(Json.write(new TreeMap<>(parameters))).substring(Sha256.PREFIX.length(),
                Sha256.PREFIX.length() + KEY_LENGTH);
    }

    public String parametersKey() {
        return keyOf(parameters);
    }

    /**
     * The same row as seen from a folder above the one it was written in, {@code folder} being the
     * path from there to that one (e.g. {@code seeds/seed-2}): its example images keep resolving.
     */
    public AttackSummary under(String folder) {
        return new AttackSummary(model, craftedOn, attack, parameters, threatModel, epsilon, direction, error, subjects, meanShiftYears,
                meanAbsShiftYears, fractionShiftedOver5Years, psnrBrainDb, ssimBrain, psnrVolumeDb, ssimVolume, epsilonOverNoise, maxLInf,
                adversarialExample.map(path -> folder + "/" + path), cleanExample.map(path -> folder + "/" + path), flags, protocol,
                fitSubjects, alignment, meanAbsShiftYearsCi95, fractionShiftedOver5YearsCi95);
    }

    public boolean failed() {
        return error.isPresent();
    }

    /**
     * The series this cell belongs to in a shift-versus-epsilon chart, e.g. {@code conventional · fgsm · up}
     * or {@code hybrid · fgsm · up · adaptive}: a threat model that is not {@linkplain #isPlain plain} names itself.
     */
    public String seriesName() {
        return model + craftedOn.map(source -> " (from " + source + ")").orElse("") + " · " + attack + " · " + direction
                + (isPlain(threatModel) ? "" : " · " + threatModel) + protocol.map(name -> " · " + name).orElse("");
    }

    /**
     * Whether a threat model is the one an attack has on any model ({@code image-only}, {@code universal},
     * {@code transfer}), not one that only a model with context adds, so that names can leave it out.
     */
    public static boolean isPlain(String threatModel) {
        return PLAIN_THREAT_MODELS.contains(threatModel);
    }
}

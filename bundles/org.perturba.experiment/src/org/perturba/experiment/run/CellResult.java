package org.perturba.experiment.run;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The outcome of one cell of the sweep: one attack, at one epsilon and in one direction, against
 * one model, over the attacked subjects. A cell whose attack failed keeps the error instead of
 * outcomes, so that one broken plug-in does not sink the run.
 *
 * @param model the model whose predictions are measured
 * @param parameters every parameter value the attack ran with (epsilon and direction included), sorted by name:
 *        two entries of one attack differ only here
 * @param threatModel how the attacker acts: {@link #IMAGE_ONLY}, {@link #RECOMPUTED}, {@link #ADAPTIVE},
 *        {@link #UNIVERSAL}, {@link #UNIVERSAL_ADAPTIVE} or {@link #TRANSFER}
 * @param craftedOn the model the perturbations were crafted on, when another (transfer)
 * @param alignment for a universal cell, the {@link GradientAlignment} of its fit set; NaN for others
 */
public record CellResult(String model, String attack, Map<String, String> parameters, String threatModel, String direction,
        double epsilon, Optional<String> craftedOn, List<SubjectOutcome> subjects, Optional<String> error, double alignment) {
    /** Per-image perturbations of the image; the context, if any, stays as a separate pipeline made it. */
    public static final String IMAGE_ONLY = "image-only";
    /** The image-only perturbations, measured with the context recomputed from each adversarial image. */
    public static final String RECOMPUTED = "recomputed";
    /** Per-image perturbations crafted through the context path, measured with the context recomputed from them. */
    public static final String ADAPTIVE = "adaptive";
    /**
     * One perturbation for many subjects, fitted on validation subjects and measured on them or on test
     * subjects ({@link #protocol()}), the context fixed in the fit and the measurement.
     */
    public static final String UNIVERSAL = "universal";
    /** A universal perturbation fitted through the context path, measured with the context recomputed. */
    public static final String UNIVERSAL_ADAPTIVE = "universal-adaptive";
    /** Perturbations crafted on another model. */
    public static final String TRANSFER = "transfer";

    public CellResult {
        parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
        subjects = List.copyOf(subjects);
    }

    /** A cell that is not a universal perturbation's: no alignment. */
    public CellResult(String model, String attack, Map<String, String> parameters, String threatModel, String direction,
            double epsilon, Optional<String> craftedOn, List<SubjectOutcome> subjects, Optional<String> error) {
        this(model, attack, parameters, threatModel, direction, epsilon, craftedOn, subjects, error, Double.NaN);
    }

    /** A universal cell's protocol ({@code in-sample} or {@code held-out}), from its parameters. */
    public Optional<String> protocol() {
        return Optional.ofNullable(parameters.get(UniversalProtocol.PROTOCOL));
    }

    /** A universal cell's fit-set size, from its parameters. */
    public Optional<Integer> fitSubjects() {
        return Optional.ofNullable(parameters.get(UniversalProtocol.FIT_SUBJECTS)).map(Integer::valueOf);
    }

    public boolean failed() {
        return error.isPresent();
    }

    public double meanShift() {
        return subjects.stream().mapToDouble(SubjectOutcome::shift).average().orElse(Double.NaN);
    }

    public double meanAbsoluteShift() {
        return subjects.stream().mapToDouble(outcome -> Math.abs(outcome.shift())).average().orElse(Double.NaN);
    }

    /** The fraction of subjects whose predicted age moved by more than {@code years}, either way. */
    public double fractionShiftedOver(double years) {
        return subjects.stream().filter(outcome -> Math.abs(outcome.shift()) > years).count() / (double) subjects.size();
    }

    /** Mean PSNR inside the brain over the subjects whose brain changed; NaN when none did. */
    public double meanPsnrBrainDb() {
        return meanWhereDefined(SubjectOutcome::psnrBrainDb);
    }

    public double meanSsimBrain() {
        return meanWhereDefined(SubjectOutcome::ssimBrain);
    }

    /** Mean PSNR over the whole volume, background included, over the subjects whose image changed. */
    public double meanPsnrVolumeDb() {
        return meanWhereDefined(SubjectOutcome::psnrVolumeDb);
    }

    public double meanSsimVolume() {
        return meanWhereDefined(SubjectOutcome::ssimVolume);
    }

    /** Mean budget over noise deviation, over the subjects whose noise was measured. */
    public double meanEpsilonOverNoise() {
        return meanWhereDefined(SubjectOutcome::epsilonOverNoise);
    }

    /** The mean of a figure over the subjects where it is finite (an unchanged image has an infinite PSNR); NaN if none. */
    private double meanWhereDefined(ToDoubleFunction<SubjectOutcome> figure) {
        return subjects.stream().mapToDouble(figure).filter(Double::isFinite).average().orElse(Double.NaN);
    }

    public double maxLInf() {
        return subjects.stream().mapToDouble(SubjectOutcome::lInf).max().orElse(Double.NaN);
    }
}

package org.perturba.experiment.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import org.perturba.attack.Attack;
import org.perturba.attack.ScoreBasedAttack;
import org.perturba.attack.fgsm.FgsmAttack;
import org.perturba.attack.universal.UniversalAttack;
import org.perturba.experiment.spec.Direction;

/**
 * The signs of gradient masking that Carlini et al. (2019, "On evaluating adversarial robustness")
 * ask every evaluation to check, read off a run's cells. A robustness figure is an upper bound only
 * when the gradient attacks behind it work, and these are the symptoms of attacks that do not:
 * <ul>
 * <li>{@value #WEAKER_THAN_FGSM}: an iterative gradient attack moves the age less than the single step
 * of FGSM on the same model, budget, direction and threat model (it starts from, or can reach, FGSM's
 * point);</li>
 * <li>{@value #BLACK_BOX_STRONGER}: a score-based attack, which never sees a gradient, moves it further
 * than the strongest white-box attack there;</li>
 * <li>{@value #TRANSFER_STRONGER}: perturbations crafted on another model move the target further than
 * the strongest white-box attack on the target itself at that budget and direction;</li>
 * <li>{@value #FALLS_WITH_EPSILON}: an attack moves the age less at a larger budget, all else equal
 * (the larger ball contains the smaller);</li>
 * <li>{@value #FALLS_WITH_STEPS}: an attack moves it less with more steps, all else equal.</li>
 * </ul>
 * A flag goes on the cell whose number is the anomaly. The comparisons are of mean |shift| over the
 * attacked subjects, and "less" means less by more than {@link #TOLERANCE_FRACTION} of the reference or
 * {@link #TOLERANCE_YEARS}, whichever is larger, so that rounding-level differences between equally
 * strong attacks raise nothing. Failed cells, attacks without a direction (baselines such as noise)
 * and targeted runs (which stop at their target) are not compared.
 */
public final class GradientMaskingChecks {
    public static final String WEAKER_THAN_FGSM = "weaker-than-fgsm";
    public static final String BLACK_BOX_STRONGER = "black-box-stronger";
    public static final String TRANSFER_STRONGER = "transfer-stronger";
    public static final String FALLS_WITH_EPSILON = "falls-with-epsilon";
    public static final String FALLS_WITH_STEPS = "falls-with-steps";
    /** What the checks compare, for a report that found nothing to say what it looked for. */
    public static final String CHECKED = "iterative gradient attacks against FGSM, score-based and transferred attacks against"
            + " the strongest white-box attack, and every attack's shift along epsilon and along its steps";
    public static final double TOLERANCE_FRACTION = 0.02;
    public static final double TOLERANCE_YEARS = 0.05;

    private static final String EPSILON = "epsilon";
    private static final String STEPS = "steps";
    private static final List<String> TARGET_PARAMETERS = List.of("shift-years", "target-age");

    /** The role an attack plays in the checks. */
    public enum Kind {
        /** The single signed-gradient step: the floor an iterative attack must reach. */
        FGSM,
        /** Any other attack that reads gradients (iterative when it has {@code steps}). */
        WHITE_BOX,
        /** An attack that reads predicted ages only ({@link ScoreBasedAttack}). */
        SCORE_BASED,
        /** One perturbation for many subjects: weaker by design, compared only with itself. */
        UNIVERSAL;

        public static Kind of(Attack attack) {
            if (attack instanceof ScoreBasedAttack) {
                return SCORE_BASED;
            }
            if (attack instanceof UniversalAttack) {
                return UNIVERSAL;
            }
            return attack instanceof FgsmAttack ? FGSM : WHITE_BOX;
        }
    }

    private final Map<CellResult, List<String>> flags = new IdentityHashMap<>();

    private GradientMaskingChecks() {
    }

    /**
     * @param kindOf the role of each attack id that has cells
     */
    public static GradientMaskingChecks of(List<CellResult> cells, Function<String, Kind> kindOf) {
        GradientMaskingChecks checks = new GradientMaskingChecks();
        List<CellResult> compared = cells.stream().filter(cell -> !cell.failed() && !cell.subjects().isEmpty()
                && !cell.direction().equals(Direction.NONE.id()) && !targeted(cell)).toList();
        Map<String, Kind> kinds = new LinkedHashMap<>();
        compared.forEach(cell -> kinds.computeIfAbsent(cell.attack(), kindOf));
        checks.againstWhiteBox(compared, kinds);
        checks.along(compared, EPSILON, CellResult::epsilon, FALLS_WITH_EPSILON);
        checks.along(compared, STEPS, cell -> Double.parseDouble(cell.parameters().get(STEPS)), FALLS_WITH_STEPS);
        return checks;
    }

    /** The cell's flags, in the order of the checks; empty when none fired. */
    public List<String> of(CellResult cell) {
        return flags.getOrDefault(cell, List.of());
    }

    /** Whether any cell was flagged. */
    public boolean any() {
        return !flags.isEmpty();
    }

    /**
     * Per model (the one measured), epsilon, direction and threat model: iterative attacks against FGSM and
     * score-based ones against the strongest white-box attack; transfers against the strongest white-box
     * image-only attack on their target.
     */
    private void againstWhiteBox(List<CellResult> cells, Map<String, Kind> kinds) {
        Map<String, List<CellResult>> places = new LinkedHashMap<>();
        for (CellResult cell : cells) {
            String threatModel = cell.craftedOn().isPresent() ? CellResult.IMAGE_ONLY : cell.threatModel();
            places.computeIfAbsent(cell.model() + "|" + cell.epsilon() + "|" + cell.direction() + "|" + threatModel,
                    key -> new ArrayList<>()).add(cell);
        }
        for (List<CellResult> place : places.values()) {
            List<CellResult> own = place.stream().filter(cell -> cell.craftedOn().isEmpty()).toList();
            Optional<CellResult> fgsm = own.stream().filter(cell -> kinds.get(cell.attack()) == Kind.FGSM)
                    .max(Comparator.comparingDouble(CellResult::meanAbsoluteShift));
            Optional<CellResult> strongest = own.stream()
                    .filter(cell -> kinds.get(cell.attack()) == Kind.FGSM || kinds.get(cell.attack()) == Kind.WHITE_BOX)
                    .max(Comparator.comparingDouble(CellResult::meanAbsoluteShift));
            for (CellResult cell : place) {
                if (cell.craftedOn().isPresent()) {
                    strongest.filter(whiteBox -> less(whiteBox, cell)).ifPresent(whiteBox -> flag(cell, TRANSFER_STRONGER));
                } else if (kinds.get(cell.attack()) == Kind.SCORE_BASED) {
                    strongest.filter(whiteBox -> less(whiteBox, cell)).ifPresent(whiteBox -> flag(cell, BLACK_BOX_STRONGER));
                } else if (kinds.get(cell.attack()) == Kind.WHITE_BOX && cell.parameters().containsKey(STEPS)) {
                    fgsm.filter(single -> less(cell, single)).ifPresent(single -> flag(cell, WEAKER_THAN_FGSM));
                }
            }
        }
    }

    /**
     * Among the cells that differ only in {@code parameter} (same model, source, attack, other parameters,
     * direction and threat model), flags each whose shift is less than that of one with a smaller value.
     */
    private void along(List<CellResult> cells, String parameter, ToDoubleFunction<CellResult> value, String flag) {
        Map<String, List<CellResult>> series = new LinkedHashMap<>();
        for (CellResult cell : cells) {
            if (cell.parameters().containsKey(parameter)) {
                Map<String, String> others = new TreeMap<>(cell.parameters());
                others.remove(parameter);
                series.computeIfAbsent(cell.model() + "|" + cell.craftedOn() + "|" + cell.attack() + "|" + others + "|"
                        + cell.direction() + "|" + cell.threatModel(), key -> new ArrayList<>()).add(cell);
            }
        }
        for (List<CellResult> line : series.values()) {
            for (CellResult larger : line) {
                if (line.stream().anyMatch(smaller -> value.applyAsDouble(smaller) < value.applyAsDouble(larger)
                        && less(larger, smaller))) {
                    flag(larger, flag);
                }
            }
        }
    }

    /** Whether {@code cell} moved the age less than {@code reference} did, beyond the tolerance. */
    private static boolean less(CellResult cell, CellResult reference) {
        double shift = reference.meanAbsoluteShift();
        return cell.meanAbsoluteShift() < shift - Math.max(TOLERANCE_YEARS, TOLERANCE_FRACTION * shift);
    }

    private void flag(CellResult cell, String flag) {
        flags.computeIfAbsent(cell, key -> new ArrayList<>()).add(flag);
    }

    /** A targeted run stops at its target, so its shift does not measure how far the attack can push. */
    private static boolean targeted(CellResult cell) {
        return TARGET_PARAMETERS.stream().map(cell.parameters()::get).anyMatch(value -> value != null && Double.parseDouble(value) != 0);
    }
}

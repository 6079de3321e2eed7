package org.perturba.attack.gradient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.attack.AttackParameters;

/**
 * What an attack tries to achieve with the predicted ages, from the common parameters
 * {@code direction} and {@code shift-years}, and how candidates are ranked.
 *
 * <ul>
 * <li>{@code increase} / {@code decrease}: push every image's predicted age up / down without bound;
 * score = signed shift from the clean prediction.</li>
 * <li>{@code untargeted}: move every prediction as far as possible from its clean prediction, either
 * way. Implemented by trying both signs and keeping, per image, the candidate with the larger
 * |shift| (see {@link #pushes()}). That costs twice the gradients of a one-sided attack, but
 * committing to the sign of the first gradient would lose whenever the age surface is steeper on the
 * other side than it first looks, and an evaluation must not underestimate the attacker.</li>
 * <li>{@code shift-years} &gt; 0 (with increase or decrease): targeted; each image aims at its clean
 * prediction &plusmn; shift-years and the attack minimises the squared distance to that target, so
 * that it stops near the target instead of overshooting (a clinician's "5 years older", not
 * "as old as possible"); score = minus the distance to the target.</li>
 * <li>{@code target-age} &gt; 0: targeted at that age for every image, whatever the direction
 * ("make everyone look 80"); same objective and score.</li>
 * </ul>
 * Scores are "larger is better for the attacker" and are 0 (unbounded) or minus the distance to the
 * target (targeted) for the clean images, which are always a candidate.
 */
public final class Objective {
    public static final String DIRECTION = "direction";
    public static final String SHIFT_YEARS = "shift-years";
    public static final String TARGET_AGE = "target-age";

    /** The choices of the {@code direction} parameter. */
    public enum Direction {
        INCREASE, DECREASE, UNTARGETED;

        public static Direction parse(String text) {
            return switch (text) {
            case "increase" -> INCREASE;
            case "decrease" -> DECREASE;
            case "untargeted" -> UNTARGETED;
            default -> throw new IllegalArgumentException(
                    "direction must be increase, decrease or untargeted, not '" + text + "'");
            };
        }
    }

    private final Direction direction;
    private final double[] cleanAges;
    /** Per image, clean prediction +/- shift; null when not targeted. */
    private final double[] targets;

    /**
     * @param cleanAges the model's predictions for the clean images
     * @param shiftYears 0 for an unbounded push, else the targeted shift (needs increase or decrease)
     */
    public Objective(Direction direction, double[] cleanAges, double shiftYears) {
        this(direction, cleanAges, shiftYears, 0);
    }

    /**
     * @param targetAge 0 for none, else the age every image is pushed towards (then shiftYears must be 0)
     */
    public Objective(Direction direction, double[] cleanAges, double shiftYears, double targetAge) {
        if (!(shiftYears >= 0) || !Double.isFinite(shiftYears)) {
            throw new IllegalArgumentException("shift-years must be a finite number >= 0, not " + shiftYears);
        }
        if (!(targetAge >= 0) || !Double.isFinite(targetAge)) {
            throw new IllegalArgumentException("target-age must be a finite number >= 0, not " + targetAge);
        }
        if (shiftYears > 0 && targetAge > 0) {
            throw new IllegalArgumentException("give shift-years or target-age, not both");
        }
        if (shiftYears > 0 && direction == Direction.UNTARGETED) {
            throw new IllegalArgumentException("a targeted attack (shift-years > 0) needs direction increase or decrease");
        }
        this.direction = direction;
        this.cleanAges = cleanAges.clone();
        if (targetAge > 0) {
            targets = new double[cleanAges.length];
            Arrays.fill(targets, targetAge);
        } else if (shiftYears > 0) {
            double sign = direction == Direction.INCREASE ? 1 : -1;
            targets = Arrays.stream(cleanAges).map(age -> age + sign * shiftYears).toArray();
        } else {
            targets = null;
        }
    }

    /** From the parameters {@code direction} and (optional, default 0) {@code shift-years} and {@code target-age}. */
    public static Objective from(AttackParameters parameters, double[] cleanAges) {
        return new Objective(Direction.parse(parameters.get(DIRECTION)), cleanAges,
                Double.parseDouble(parameters.get(SHIFT_YEARS, "0")), Double.parseDouble(parameters.get(TARGET_AGE, "0")));
    }

    public Direction direction() {
        return direction;
    }

    public boolean targeted() {
        return targets != null;
    }

    /** Per image target ages (targeted attacks only). */
    public double[] targets() {
        if (targets == null) {
            throw new IllegalStateException("not a targeted objective");
        }
        return targets.clone();
    }

    public double[] cleanAges() {
        return cleanAges.clone();
    }

    /**
     * The branches an attack runs: for each, per image, the sign of the age change sought. One branch,
     * except for unbounded untargeted objectives (all up, then all down); a targeted objective has its
     * own weights ({@link #ageWeights}) and needs one.
     */
    public List<double[]> pushes() {
        int n = cleanAges.length;
        List<double[]> pushes = new ArrayList<>();
        if (targets != null) {
            pushes.add(filled(n, 1));
            return pushes;
        }
        switch (direction) {
        case INCREASE -> pushes.add(filled(n, 1));
        case DECREASE -> pushes.add(filled(n, -1));
        case UNTARGETED -> {
            pushes.add(filled(n, 1));
            pushes.add(filled(n, -1));
        }
        }
        return pushes;
    }

    /** Per image, how good {@code ages} are for the attacker (larger is better). */
    public double[] score(double[] ages) {
        double[] scores = new double[ages.length];
        for (int i = 0; i < ages.length; i++) {
            double shift = ages[i] - cleanAges[i];
            scores[i] = targets != null ? -Math.abs(ages[i] - targets[i]) : switch (direction) {
            case INCREASE -> shift;
            case DECREASE -> -shift;
            case UNTARGETED -> Math.abs(shift);
            };
        }
        return scores;
    }

    /**
     * Per image, how good {@code ages} are for the attacker within the branch {@code push} (larger is
     * better): the {@linkplain #score score} when targeted, else the shift the push seeks. An untargeted
     * run pushing down must not count a move up as progress, as its final score would.
     */
    public double[] progress(double[] push, double[] ages) {
        if (targets != null) {
            return score(ages);
        }
        double[] progress = new double[ages.length];
        for (int i = 0; i < ages.length; i++) {
            progress[i] = push[i] * (ages[i] - cleanAges[i]);
        }
        return progress;
    }

    /**
     * Per image, d objective / d age: the push for unbounded objectives, {@code -2 (age - target)} for
     * targeted ones.
     *
     * @param ages current predictions; only read when {@link #targeted()}
     */
    public double[] ageWeights(double[] push, double[] ages) {
        if (targets == null) {
            return push.clone();
        }
        double[] weights = new double[ages.length];
        for (int i = 0; i < ages.length; i++) {
            weights[i] = -2 * (ages[i] - targets[i]);
        }
        return weights;
    }

    /** Scales each example's age gradient by its weight: the gradient of the objective; in place. */
    public static INDArray weigh(INDArray ageGradient, double[] weights) {
        for (int example = 0; example < weights.length; example++) {
            ageGradient.slice(example).muli(weights[example]);
        }
        return ageGradient;
    }

    private static double[] filled(int n, double value) {
        double[] values = new double[n];
        Arrays.fill(values, value);
        return values;
    }
}

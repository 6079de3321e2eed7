package org.perturba.experiment.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Which way an attack pushes the predicted age, as experiment files and summaries name it; attacks
 * themselves take the {@link #attackValue()} of their {@code direction} parameter. An attack that
 * declares no {@code direction} parameter (a baseline such as random noise) runs once per epsilon,
 * in the direction {@link #NONE}, which summaries name {@code none} and files cannot ask for.
 */
public enum Direction {
    UP("increase"), DOWN("decrease"), UNTARGETED("untargeted"), NONE("none");

    private final String attackValue;

    Direction(String attackValue) {
        this.attackValue = attackValue;
    }

    /** The name in experiment files and {@code summary.json}: {@code up}, {@code down}, {@code untargeted} (or {@code none}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value of an attack's {@code direction} parameter. */
    public String attackValue() {
        return attackValue;
    }

    /** The direction an experiment file names: up, down or untargeted. */
    public static Optional<Direction> of(String id) {
        return Arrays.stream(values()).filter(direction -> direction != NONE && direction.id().equals(id)).findFirst();
    }
}

package org.perturba.experiment.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Which way an attack pushes the predicted age, as experiment files and summaries name it; attacks
 * themselves take the {@link #attackValue()} of their {@code direction} parameter.
 */
public enum Direction {
    UP("increase"), DOWN("decrease"), UNTARGETED("untargeted");

    private final String attackValue;

    Direction(String attackValue) {
        this.attackValue = attackValue;
    }

    /** The name in experiment files and {@code summary.json}: {@code up}, {@code down} or {@code untargeted}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value of an attack's {@code direction} parameter. */
    public String attackValue() {
        return attackValue;
    }

    public static Optional<Direction> of(String id) {
        return Arrays.stream(values()).filter(direction -> direction.id().equals(id)).findFirst();
    }
}

package org.perturba.core.registry;

import java.util.Locale;

/** Value types an attack parameter may declare in {@code plugin.xml}. */
public enum ParameterType {
    DOUBLE, INTEGER, BOOLEAN, CHOICE;

    /** Parses the schema's lower-case spelling ({@code double}, {@code integer}, ...). */
    public static ParameterType parse(String text) throws InvalidContributionException {
        for (ParameterType type : values()) {
            if (type.label().equals(text)) {
                return type;
            }
        }
        throw new InvalidContributionException("unknown parameter type '" + text
                + "' (expected double, integer, boolean or choice)");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package org.perturba.core.registry;

import java.util.List;
import java.util.Optional;

/**
 * A typed parameter declared by a contribution (attacks declare their budgets, steps, ... this way),
 * known before the contribution's class is loaded. Declarations are checked when read: a default
 * that violates its own bounds or choices makes the whole contribution invalid.
 */
public record ParameterDescriptor(String name, ParameterType type, String defaultValue,
        Optional<Double> min, Optional<Double> max, List<String> choices, String description) {

    public ParameterDescriptor {
        choices = List.copyOf(choices);
    }

    /**
     * Checks a textual value against this parameter's type, bounds and choices.
     *
     * @return the value, normalised (numbers parsed and printed back, booleans lower case)
     */
    public String validate(String value) throws InvalidContributionException {
        switch (type) {
        case DOUBLE:
            double number = parseDouble(value);
            checkBounds(number, value);
            return Double.toString(number);
        case INTEGER: // printed from the long, not the double: a seed above 2^53 keeps every digit
            long whole = parseInteger(value);
            checkBounds(whole, value);
            return Long.toString(whole);
        case BOOLEAN:
            if (!value.equals("true") && !value.equals("false")) {
                throw invalid(value, "expected true or false");
            }
            return value;
        case CHOICE:
            if (!choices.contains(value)) {
                throw invalid(value, "expected one of " + String.join(", ", choices));
            }
            return value;
        default:
            throw new IllegalStateException("unhandled parameter type " + type);
        }
    }

    private double parseDouble(String value) throws InvalidContributionException {
        try {
            double parsed = Double.parseDouble(value);
            if (!Double.isFinite(parsed)) {
                throw invalid(value, "expected a finite number");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw invalid(value, "expected a number");
        }
    }

    private long parseInteger(String value) throws InvalidContributionException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(value, "expected a whole number");
        }
    }

    private void checkBounds(double number, String value) throws InvalidContributionException {
        if (min.isPresent() && number < min.get()) {
            throw invalid(value, "below the minimum " + min.get());
        }
        if (max.isPresent() && number > max.get()) {
            throw invalid(value, "above the maximum " + max.get());
        }
    }

    private InvalidContributionException invalid(String value, String why) {
        return new InvalidContributionException("parameter '" + name + "': '" + value + "' is invalid: " + why);
    }
}

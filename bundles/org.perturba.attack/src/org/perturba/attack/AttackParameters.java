package org.perturba.attack;

import java.util.Map;

/** Parameter values of one attack run, by name, as validated against the attack's declarations. */
public final class AttackParameters {
    private final Map<String, String> values;

    public AttackParameters(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public double getDouble(String name) {
        return Double.parseDouble(get(name));
    }

    public int getInt(String name) {
        return Integer.parseInt(get(name));
    }

    /** The value of an {@code integer} parameter that may exceed an int, such as a seed: every long, exactly. */
    public long getLong(String name) {
        return Long.parseLong(get(name));
    }

    /** The value of a {@code boolean} parameter. */
    public boolean getBoolean(String name) {
        String value = get(name);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("attack parameter '" + name + "' is '" + value + "', not true or false");
        }
        return value.equals("true");
    }

    /** Whether the parameter has a value: optional parameters may be absent when called from code. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value, or {@code fallback} when absent (the registry always fills in declared defaults). */
    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** Every value by name: what identifies one attack run, e.g. in a stored result. */
    public Map<String, String> values() {
        return values;
    }

    /** Equal when every parameter has the same value: two such runs of one attack are the same run. */
    @Override
    public boolean equals(Object other) {
        return other instanceof AttackParameters parameters && values.equals(parameters.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    public String get(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no value for attack parameter '" + name + "'");
        }
        return value;
    }
}

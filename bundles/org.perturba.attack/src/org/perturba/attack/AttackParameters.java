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

    public String get(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no value for attack parameter '" + name + "'");
        }
        return value;
    }
}

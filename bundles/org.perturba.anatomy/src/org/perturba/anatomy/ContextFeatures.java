package org.perturba.anatomy;

import java.util.List;

/** A named vector of anatomical-context features (e.g. regional volumes) for one subject. */
public record ContextFeatures(List<String> names, double[] values) {

    public ContextFeatures {
        names = List.copyOf(names);
        values = values.clone();
        if (names.size() != values.length) {
            throw new IllegalArgumentException(names.size() + " feature names for " + values.length + " values");
        }
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    public double value(String name) {
        int index = names.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no context feature named '" + name + "'");
        }
        return values[index];
    }
}

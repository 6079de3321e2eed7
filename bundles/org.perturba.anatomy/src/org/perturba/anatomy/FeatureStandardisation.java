package org.perturba.anatomy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns context features into the fixed, standardised vector a model takes: features are aligned by
 * name (a region absent from a subject's label map counts as 0) and z-scored with the mean and
 * standard deviation of the training split only, so that nothing about validation or test subjects
 * leaks into training. A feature constant over the training split maps to 0.
 */
public final class FeatureStandardisation {
    private final List<String> names;
    private final Map<String, Integer> positions = new HashMap<>();
    private final double[] means;
    private final double[] deviations;

    private FeatureStandardisation(List<String> names, double[] means, double[] deviations) {
        this.names = List.copyOf(names);
        for (int i = 0; i < names.size(); i++) {
            positions.put(names.get(i), i);
        }
        this.means = means;
        this.deviations = deviations;
    }

    /**
     * A standardisation with known statistics, e.g. read back with a saved model.
     *
     * @param deviations standard deviations; 0 marks a feature that was constant in training
     */
    public static FeatureStandardisation of(List<String> names, double[] means, double[] deviations) {
        if (means.length != names.size() || deviations.length != names.size()) {
            throw new IllegalArgumentException(names.size() + " features but " + means.length + " means and "
                    + deviations.length + " deviations");
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("feature names repeat: " + names);
        }
        return new FeatureStandardisation(names, means.clone(), deviations.clone());
    }

    /** Statistics of the training subjects' features; names in order of first appearance. */
    public static FeatureStandardisation fit(List<ContextFeatures> training) {
        if (training.isEmpty()) {
            throw new IllegalArgumentException("standardisation needs at least one training subject");
        }
        Set<String> union = new LinkedHashSet<>();
        training.forEach(features -> union.addAll(features.names()));
        List<String> names = new ArrayList<>(union);
        FeatureStandardisation alignment = new FeatureStandardisation(names, new double[names.size()], new double[names.size()]);
        double[] means = new double[names.size()];
        double[] squares = new double[names.size()];
        for (ContextFeatures features : training) {
            double[] values = alignment.align(features);
            for (int i = 0; i < values.length; i++) {
                means[i] += values[i] / training.size();
            }
        }
        for (ContextFeatures features : training) {
            double[] values = alignment.align(features);
            for (int i = 0; i < values.length; i++) {
                squares[i] += (values[i] - means[i]) * (values[i] - means[i]) / training.size();
            }
        }
        double[] deviations = new double[names.size()];
        for (int i = 0; i < deviations.length; i++) {
            deviations[i] = Math.sqrt(squares[i]);
        }
        return new FeatureStandardisation(names, means, deviations);
    }

    /** The names of the standardised vector's entries, in order. */
    public List<String> names() {
        return names;
    }

    public double[] means() {
        return means.clone();
    }

    public double[] deviations() {
        return deviations.clone();
    }

    /** The standardised vector; features unseen in training are left out. */
    public double[] apply(ContextFeatures features) {
        double[] values = align(features);
        for (int i = 0; i < values.length; i++) {
            values[i] = deviations[i] > 0 ? (values[i] - means[i]) / deviations[i] : 0;
        }
        return values;
    }

    /**
     * d standardised / d raw for each entry (0 for constant features): what back-propagation through
     * the context path multiplies by.
     */
    public double[] derivatives() {
        double[] derivatives = new double[deviations.length];
        for (int i = 0; i < derivatives.length; i++) {
            derivatives[i] = deviations[i] > 0 ? 1 / deviations[i] : 0;
        }
        return derivatives;
    }

    private double[] align(ContextFeatures features) {
        double[] values = new double[names.size()];
        List<String> featureNames = features.names();
        double[] featureValues = features.values();
        for (int i = 0; i < featureNames.size(); i++) {
            Integer position = positions.get(featureNames.get(i));
            if (position != null) {
                values[position] = featureValues[i];
            }
        }
        return values;
    }
}

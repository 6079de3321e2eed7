package org.perturba.experiment.run;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How steep a model's age is in its input, per attacked subject: {@code ||d age / d image||_1} over the
 * voxels an attacker may change, at the clean image with the context fixed. To first order an L-infinity
 * perturbation of budget epsilon moves the age by at most {@code epsilon * ||grad||_1}, and FGSM's
 * sign step reaches that bound, so these norms say why a model is easy or hard to move.
 *
 * @param modelHash the hash of the network's parameters the norms were measured on
 * @param l1BySubject each attacked subject's norm (years per unit of normalised intensity), in the attack order
 */
public record GradientNorms(String model, String modelHash, Map<String, Double> l1BySubject) {
    /** The quantiles the summary and the report give, with their names. */
    public static final Map<String, Double> QUANTILES = quantileNames();

    public GradientNorms {
        l1BySubject = Collections.unmodifiableMap(new LinkedHashMap<>(l1BySubject));
    }

    public double mean() {
        return l1BySubject.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** The {@code q}-quantile, interpolated linearly between order statistics; NaN without subjects. */
    public double quantile(double q) {
        double[] sorted = l1BySubject.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    /** {@link #QUANTILES} of this model's norms, by name. */
    public Map<String, Double> quantiles() {
        Map<String, Double> values = new LinkedHashMap<>();
        QUANTILES.forEach((name, q) -> values.put(name, quantile(q)));
        return values;
    }

    private static Map<String, Double> quantileNames() {
        Map<String, Double> names = new LinkedHashMap<>();
        Arrays.asList(0.05, 0.25, 0.5, 0.75, 0.95).forEach(q -> names.put(String.format(Locale.ROOT, "p%02d", Math.round(q * 100)), q));
        return Collections.unmodifiableMap(names);
    }
}

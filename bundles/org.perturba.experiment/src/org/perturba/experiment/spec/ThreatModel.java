package org.perturba.experiment.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the attacker of a model with context can reach, as an experiment's {@code threatModels} names
 * it. Models without context are attacked image-only whatever the experiment names.
 */
public enum ThreatModel {
    /** The context pipeline is out of reach: crafted and measured with the clean image's context. */
    IMAGE_ONLY,
    /** Crafted image-only, measured with the context recomputed from each adversarial image. */
    RECOMPUTED,
    /** Crafted through the context path (a differentiable extractor), measured with the recomputed context. */
    ADAPTIVE;

    /** All three, the default of an experiment that names none. */
    public static final List<ThreatModel> ALL = List.of(values());

    /** The name in experiment files and summaries: {@code image-only}, {@code recomputed}, {@code adaptive}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<ThreatModel> of(String id) {
        return Arrays.stream(values()).filter(threatModel -> threatModel.id().equals(id)).findFirst();
    }

    /** The ids, comma-separated, for messages. */
    public static String ids() {
        return Arrays.stream(values()).map(ThreatModel::id).collect(Collectors.joining(", "));
    }
}

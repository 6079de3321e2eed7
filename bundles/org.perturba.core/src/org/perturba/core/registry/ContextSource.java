package org.perturba.core.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a context extractor reads, as its contribution declares it: only an oracle reads the
 * dataset's label maps, so every output says which kind of context a model saw.
 */
public enum ContextSource {
    /** Computed from the image alone: what a deployed pipeline would have. */
    IMAGE,
    /** Read from the dataset's ground-truth label maps: an upper bound, an oracle on generated cohorts. */
    GROUND_TRUTH_LABELS;

    /** The source of a contribution that declares none: reading labels is the conservative reading. */
    public static final ContextSource DEFAULT = GROUND_TRUTH_LABELS;

    /** Parses the schema's spelling ({@code image}, {@code ground-truth-labels}). */
    public static ContextSource parse(String text) throws InvalidContributionException {
        for (ContextSource source : values()) {
            if (source.label().equals(text)) {
                return source;
            }
        }
        throw new InvalidContributionException("unknown context source '" + text + "' (expected "
                + Arrays.stream(values()).map(ContextSource::label).collect(Collectors.joining(" or ")) + ")");
    }

    /** The spelling of {@code plugin.xml} and of every output, e.g. {@code ground-truth-labels}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

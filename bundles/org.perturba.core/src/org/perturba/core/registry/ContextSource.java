package org.perturba.core.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a context extractor reads, as its contribution declares it: only an oracle reads the
 * dataset's label maps, so every output says which kind of context a model saw.
 */
public enum ContextSource {
    IMAGE("computed from the image alone, as a deployed pipeline would"),
    GROUND_TRUTH_LABELS("reads the dataset's label maps: an upper bound, an oracle on generated cohorts");

    /** The source of a contribution that declares none: reading labels is the conservative reading. */
    public static final ContextSource DEFAULT = GROUND_TRUTH_LABELS;

    private final String meaning;

    ContextSource(String meaning) {
        this.meaning = meaning;
    }

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

    /** What the source means for a study, in a few words for listings. */
    public String meaning() {
        return meaning;
    }
}

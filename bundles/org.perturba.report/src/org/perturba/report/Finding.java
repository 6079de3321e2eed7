package org.perturba.report;

import java.util.Objects;

/**
 * One claim a report checks (e.g. a published attack result) and whether this run reproduced it;
 * reports list both kinds, so a reader sees at a glance what failed to replicate.
 *
 * @param text the claim and, ideally, the evidence in a few words
 * @param reproduced whether the run's numbers support it
 */
public record Finding(String text, boolean reproduced) {
    public Finding {
        Objects.requireNonNull(text, "text");
    }

    public static Finding reproduced(String text) {
        return new Finding(text, true);
    }

    public static Finding notReproduced(String text) {
        return new Finding(text, false);
    }
}

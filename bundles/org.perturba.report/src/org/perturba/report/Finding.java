package org.perturba.report;

import java.util.Objects;

/**
 * One claim a report checks (e.g. a published attack result) and what this run says of it; reports
 * list every kind, so a reader sees at a glance what failed to replicate and what the data could not decide.
 *
 * @param text the claim and, ideally, the evidence in a few words
 * @param status what the run's numbers say of it
 */
public record Finding(String text, Status status) {
    /** What a run's numbers say of a claim; the id is the finding's CSS class. */
    public enum Status {
        REPRODUCED("reproduced", "\u2713 reproduced"), NOT_REPRODUCED("not-reproduced", "\u2717 not reproduced"),
        INCONCLUSIVE("inconclusive", "? inconclusive"), NOT_MEASURED("not-measured", "\u2013 not measured");

        private final String id;
        private final String mark;

        Status(String id, String mark) {
            this.id = id;
            this.mark = mark;
        }

        public String id() {
            return id;
        }

        /** The badge the report shows before the claim. */
        public String mark() {
            return mark;
        }
    }

    public Finding {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(status, "status");
    }

    public static Finding reproduced(String text) {
        return new Finding(text, Status.REPRODUCED);
    }

    public static Finding notReproduced(String text) {
        return new Finding(text, Status.NOT_REPRODUCED);
    }
}

package org.perturba.anatomy.dataset;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of participants.tsv with its image files found, so that a dataset's subjects can be
 * listed, split and reported on without reading any image.
 *
 * @param id the participant label without the {@code sub-} prefix, e.g. {@code 001}
 * @param age age in years, in [0, {@link #MAX_AGE_YEARS}]
 * @param sex the sex column as written, or empty when the column or value is missing
 * @param t1w the T1-weighted image
 * @param dseg the label map on the T1w grid, when the subject has one
 */
public record Participant(String id, double age, String sex, Path t1w, Optional<Path> dseg) {
    /**
     * The oldest age a dataset may give, in years: above the oldest recorded human (122), so that a
     * value in months or days, or a typo such as 1000, is refused instead of skewing a model.
     */
    public static final int MAX_AGE_YEARS = 130;

    public Participant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sex, "sex");
        Objects.requireNonNull(t1w, "t1w");
        Objects.requireNonNull(dseg, "dseg");
    }

    /** The BIDS subject name, {@code sub-<id>}, as it appears in folder and file names. */
    public String subject() {
        return SubjectFiles.PREFIX + id;
    }
}

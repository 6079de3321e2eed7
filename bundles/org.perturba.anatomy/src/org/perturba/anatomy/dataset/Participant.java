package org.perturba.anatomy.dataset;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of participants.tsv with its image files found, so that a dataset's subjects can be
 * listed, split and reported on without reading any image.
 *
 * @param id the participant label without the {@code sub-} prefix, e.g. {@code 001}
 * @param age age in years
 * @param sex the sex column as written, or empty when the column or value is missing
 * @param t1w the T1-weighted image
 * @param dseg the label map on the T1w grid, when the subject has one
 */
public record Participant(String id, double age, String sex, Path t1w, Optional<Path> dseg) {

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

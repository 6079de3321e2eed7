package org.perturba.anatomy.dataset;

import java.util.Optional;

import org.perturba.imaging.Volume;

/**
 * A participant with its images read, the unit a model trains or is attacked on.
 *
 * @param t1w the T1-weighted image
 * @param dseg the label map, on the same grid as {@code t1w}, when the participant has one
 */
public record Subject(Participant participant, Volume t1w, Optional<Volume> dseg) {

    /** The grid of the T1w image (and of the label map). */
    public Grid grid() {
        return Grid.of(t1w);
    }
}

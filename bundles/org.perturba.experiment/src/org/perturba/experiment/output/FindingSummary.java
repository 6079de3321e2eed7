package org.perturba.experiment.output;

import java.util.Optional;

/**
 * One of the study's claims, checked against a run's numbers, as {@code summary.json} lists it.
 *
 * @param claim what the paper (or the target) says
 * @param reproduced whether the run's numbers support it; empty when the run lacks what it needs
 *        (e.g. it had no hybrid model)
 * @param evidence the numbers behind the verdict
 */
public record FindingSummary(String id, String claim, Optional<Boolean> reproduced, String evidence) {
}

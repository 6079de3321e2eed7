package org.perturba.experiment.run;

import java.util.Optional;

/**
 * One of the study's claims, checked against this run's numbers.
 *
 * @param claim what the paper (or the target) says
 * @param reproduced whether this run's numbers support it; empty when the run lacks what it needs
 * @param evidence the numbers behind the verdict
 */
public record Finding(String id, String claim, Optional<Boolean> reproduced, String evidence) {
}

package org.perturba.experiment.output;

import java.util.Optional;

/**
 * One of the paper's claims as a run judged it in {@code summary.json}.
 *
 * @param reproduced empty when the run could not tell (e.g. it had no hybrid model)
 */
public record FindingSummary(String id, String claim, Optional<Boolean> reproduced, String evidence) {
}

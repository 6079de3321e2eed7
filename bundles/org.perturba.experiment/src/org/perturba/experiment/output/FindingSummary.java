package org.perturba.experiment.output;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One of the study's claims, checked against a run's numbers, as {@code summary.json} lists it.
 *
 * @param claim what the paper (or the target) says
 * @param reproduced whether the run's numbers support it; empty when the run lacks what it needs
 *        (e.g. it had no hybrid model)
 * @param evidence the numbers behind the verdict
 * @param worstThreatModel for a claim judged on the worst case over threat models: the one that
 *        decided it
 * @param ratioByThreatModel for such a claim: the measured ratio under each threat model that was
 *        run, sorted by threat model; empty for other claims
 */
public record FindingSummary(String id, String claim, Optional<Boolean> reproduced, String evidence,
        Optional<String> worstThreatModel, Map<String, Double> ratioByThreatModel) {

    public FindingSummary {
        ratioByThreatModel = Collections.unmodifiableMap(new TreeMap<>(ratioByThreatModel));
    }

    /** A claim that is not judged per threat model. */
    public FindingSummary(String id, String claim, Optional<Boolean> reproduced, String evidence) {
        this(id, claim, reproduced, evidence, Optional.empty(), Map.of());
    }
}

package org.perturba.experiment.output;

import java.util.List;

/**
 * One seed's own rows in the {@code perSeed} list of a run with several seeds, as that seed's
 * {@code summary.json} in {@code seeds/seed-N/} has them (example images relative to the top folder).
 */
public record SeedSummary(long seed, List<ModelSummary> models, List<AttackSummary> attacks, List<AttackSummary> transfers,
        List<FindingSummary> findings) {

    public SeedSummary {
        models = List.copyOf(models);
        attacks = List.copyOf(attacks);
        transfers = List.copyOf(transfers);
        findings = List.copyOf(findings);
    }
}

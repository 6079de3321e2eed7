package org.perturba.experiment.spec;

import java.util.List;

/**
 * A whole experiment as an experiment file describes it: data, models, attacks and the epsilon
 * sweep. Epsilons are fractions of the normalised intensity range [0, 1].
 *
 * @param name a short title for reports
 * @param seed the seed of the data split, training and attacks
 * @param attackedSubjects how many test subjects each attack is run on (all when larger)
 * @param universalFitSubjects how many validation subjects a universal perturbation is fitted on
 */
public record ExperimentSpec(String name, long seed, DatasetSource dataset, List<ModelSpec> models, List<AttackSpec> attacks,
        List<TransferSpec> transfers, List<Double> epsilons, int attackedSubjects, int universalFitSubjects) {

    public ExperimentSpec {
        models = List.copyOf(models);
        attacks = List.copyOf(attacks);
        transfers = List.copyOf(transfers);
        epsilons = List.copyOf(epsilons);
    }

    /**
     * How many attack runs the sweep holds: each attack × each model it applies to × each epsilon ×
     * each of its directions, plus each transfer × each epsilon.
     */
    public long sweepCells() {
        long cells = 0;
        for (AttackSpec attack : attacks) {
            long models = this.models.stream().filter(model -> attack.appliesTo(model.id())).count();
            cells += models * attack.directions().size() * epsilons.size();
        }
        return cells + (long) transfers.size() * epsilons.size();
    }

    /** The size of the sweep: its cells × the subjects attacked in each (what limits a run's length). */
    public long sweepSize() {
        return sweepCells() * attackedSubjects;
    }

    public ModelSpec model(String id) {
        return models.stream().filter(model -> model.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no model '" + id + "' in the experiment"));
    }
}

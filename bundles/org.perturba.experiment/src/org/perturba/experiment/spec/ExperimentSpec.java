package org.perturba.experiment.spec;

import java.util.List;
import java.util.Optional;

import org.perturba.anatomy.cohort.CohortSpec;
import org.perturba.model.training.TrainingSpec;

/**
 * A whole experiment as an experiment file describes it: data, models, attacks and the epsilon
 * sweep. Epsilons are fractions of the normalised intensity range [0, 1].
 *
 * @param name a short title for reports
 * @param seed the seed of the data split, training and attacks: the first of {@code seeds}
 * @param segmenters the segmentation models that context extractors measure images through
 * @param attackedSubjects how many test subjects each attack is run on (all when larger)
 * @param universalFitSubjects how many validation subjects a universal perturbation is fitted on
 * @param threatModels under which threat models models with context are attacked, in the file's order
 * @param seeds every seed the experiment is run with, distinct, {@code seed} first: each repeats the data split, the
 *        training and the attacks ({@link #forSeed}), and the run aggregates over them
 */
public record ExperimentSpec(String name, long seed, DatasetSource dataset, List<ModelSpec> models,
        List<SegmenterSpec> segmenters, List<AttackSpec> attacks, List<TransferSpec> transfers, List<Double> epsilons,
        int attackedSubjects, int universalFitSubjects, List<ThreatModel> threatModels, List<Long> seeds) {

    static final int REDUCED_SUBJECTS = 20;
    static final int REDUCED_ATTACKED = 2;

    public ExperimentSpec {
        models = List.copyOf(models);
        segmenters = List.copyOf(segmenters);
        attacks = List.copyOf(attacks);
        transfers = List.copyOf(transfers);
        epsilons = List.copyOf(epsilons);
        threatModels = List.copyOf(threatModels);
        seeds = List.copyOf(seeds);
        if (seeds.isEmpty() || seeds.get(0) != seed || seeds.stream().distinct().count() != seeds.size()) {
            throw new IllegalArgumentException("seeds must be distinct and start with the seed " + seed + ": " + seeds);
        }
    }

    /** An experiment run with one seed. */
    public ExperimentSpec(String name, long seed, DatasetSource dataset, List<ModelSpec> models, List<SegmenterSpec> segmenters,
            List<AttackSpec> attacks, List<TransferSpec> transfers, List<Double> epsilons, int attackedSubjects, int universalFitSubjects,
            List<ThreatModel> threatModels) {
        this(name, seed, dataset, models, segmenters, attacks, transfers, epsilons, attackedSubjects, universalFitSubjects, threatModels,
                List.of(seed));
    }

    /**
     * This experiment with one of its seeds alone: the split, every training and every attack
     * draw from that seed; the data (a generated cohort's own seed included) stay the same.
     */
    public ExperimentSpec forSeed(long chosen) {
        if (!seeds.contains(chosen)) {
            throw new IllegalArgumentException("seed " + chosen + " is not one of the experiment's " + seeds);
        }
        List<ModelSpec> seeded = models.stream().map(model -> new ModelSpec(model.id(), model.kind(), model.context(), model.segmenter(),
                model.load(), withSeed(model.training(), chosen))).toList();
        List<SegmenterSpec> seededSegmenters = segmenters.stream().map(segmenter -> new SegmenterSpec(segmenter.id(), segmenter.regions(),
                segmenter.load(), withSeed(segmenter.training(), chosen))).toList();
        return new ExperimentSpec(name, chosen, dataset, seeded, seededSegmenters, attacks, transfers, epsilons, attackedSubjects,
                universalFitSubjects, threatModels);
    }

    private static TrainingSpec withSeed(TrainingSpec training, long seed) {
        return new TrainingSpec(training.epochs(), training.batchSize(), seed, training.patience(), training.augment());
    }

    /**
     * How many attack runs the sweep holds at most: each attack × each model it applies to (× each
     * threat model, for a model trained with context) × each epsilon × each of its directions (one
     * when none are listed: either default is a single direction), plus each transfer × each epsilon.
     * At most, because a universal attack has no recomputed run and a context that is not
     * differentiable no adaptive one; a loaded model counts once, as its context is not known here.
     * A universal attack's runs count once although each is measured twice (in-sample and held-out)
     * and, at epsilon 0.01, fitted again on smaller sets for the fit-size curve: which attacks are
     * universal only the installed plug-ins know, and the runner's progress counts them all.
     */
    public long sweepCells() {
        long cells = 0;
        for (AttackSpec attack : attacks) {
            long runs = this.models.stream().filter(model -> attack.appliesTo(model.id()))
                    .mapToLong(model -> model.context().isPresent() ? threatModels.size() : 1).sum();
            cells += runs * Math.max(1, attack.directions().size()) * epsilons.size();
        }
        return cells + (long) transfers.size() * epsilons.size();
    }

    /** The size of the sweep: its cells × the subjects attacked in each × the seeds, each repeating it (what limits a run's length). */
    public long sweepSize() {
        return sweepCells() * attackedSubjects * seeds.size();
    }

    /**
     * This experiment cut down to a smoke test that runs in seconds ({@code perturba run --reduce}):
     * a generated cohort of at most {@value #REDUCED_SUBJECTS} subjects, one epoch of training (models and segmenters), the
     * first epsilon only, and {@value #REDUCED_ATTACKED} attacked and fit subjects; models, attacks,
     * parameters, directions, transfers and threat models stay as they are, so every entry is exercised once.
     */
    public ExperimentSpec reduced() {
        DatasetSource data = dataset.cohort().map(cohort -> DatasetSource.generated(new CohortSpec(Math.min(cohort.subjects(),
                REDUCED_SUBJECTS), cohort.seed(), cohort.grid(), cohort.ageMin(), cohort.ageMax()))).orElse(dataset);
        List<ModelSpec> few = models.stream().map(model -> new ModelSpec(model.id(), model.kind(), model.context(),
                model.segmenter(), model.load(), once(model.training()))).toList();
        List<SegmenterSpec> fewSegmenters = segmenters.stream()
                .map(segmenter -> new SegmenterSpec(segmenter.id(), segmenter.regions(), segmenter.load(), once(segmenter.training())))
                .toList();
        return new ExperimentSpec(name + " (reduced)", seed, data, few, fewSegmenters, attacks, transfers, epsilons.subList(0, 1),
                Math.min(attackedSubjects, REDUCED_ATTACKED), Math.min(universalFitSubjects, REDUCED_ATTACKED), threatModels, seeds);
    }

    private static TrainingSpec once(TrainingSpec training) {
        return new TrainingSpec(1, training.batchSize(), training.seed(), 1, training.augment());
    }

    /**
     * The segmenter a model's context is measured through, when its extractor needs one: the one it
     * names, else the experiment's only segmenter.
     */
    public Optional<String> segmenterOf(ModelSpec model) {
        return model.segmenter().or(() -> segmenters.size() == 1 ? Optional.of(segmenters.get(0).id()) : Optional.empty());
    }

    public ModelSpec model(String id) {
        return models.stream().filter(model -> model.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no model '" + id + "' in the experiment"));
    }
}

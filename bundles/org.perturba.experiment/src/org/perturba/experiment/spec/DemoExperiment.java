package org.perturba.experiment.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.perturba.anatomy.cohort.CohortSpec;
import org.perturba.model.training.TrainingSpec;
import org.perturba.segmentation.SegmenterTrainer;

/**
 * The study of Li et al. (2020) on the embedded default data, as {@code perturba demo} runs it: a
 * generated ageing cohort, a segmenter trained on its label maps, a conventional CNN and a hybrid
 * model whose context (regional volumes) the segmenter measures from the image itself, attacked by
 * FGSM, PGD and a universal perturbation (up and down) over an epsilon sweep, the hybrid under all
 * three threat models, plus PGD transferred from the conventional model to the hybrid. APGD and the
 * gradient-free Square Attack run on the conventional model as checks on the gradient attacks (the
 * report flags any cell they beat). The quick variant is the same study, smaller, for tests.
 */
public final class DemoExperiment {
    public static final long DEFAULT_SEED = 1;
    private static final int QUICK_SEGMENTER_EPOCHS = 3;
    /** Regional volumes measured from the image itself, through the segmenter: what a deployed pipeline has. */
    static final String HYBRID_CONTEXT = "segmented-volumes";
    static final String SEGMENTER = "segmenter";

    private DemoExperiment() {
    }

    public static ExperimentSpec spec(boolean quick, long seed) {
        return spec(quick, List.of(seed));
    }

    /** The study repeated with each of {@code seeds} (split, training and attacks), aggregated over them. */
    public static ExperimentSpec spec(boolean quick, List<Long> seeds) {
        long seed = seeds.get(0);
        CohortSpec cohort = new CohortSpec(quick ? 120 : 300, 7, 32, CohortSpec.DEFAULT_AGE_MIN, CohortSpec.DEFAULT_AGE_MAX);
        TrainingSpec training = quick ? new TrainingSpec(20, TrainingSpec.DEFAULT_BATCH, seed, 8, true)
                : new TrainingSpec(TrainingSpec.DEFAULT_EPOCHS, TrainingSpec.DEFAULT_BATCH, seed, TrainingSpec.DEFAULT_PATIENCE, true);
        List<SegmenterSpec> segmenters = List.of(new SegmenterSpec(SEGMENTER, SegmenterSpec.DEFAULT_REGIONS, Optional.empty(),
                new TrainingSpec(quick ? QUICK_SEGMENTER_EPOCHS : SegmenterTrainer.DEFAULT_EPOCHS, SegmenterTrainer.DEFAULT_BATCH, seed,
                        SegmenterTrainer.DEFAULT_PATIENCE, false)));
        List<ModelSpec> models = List.of(
                new ModelSpec("conventional", Optional.of("conventional"), Optional.empty(), Optional.empty(), Optional.empty(),
                        training),
                new ModelSpec("hybrid", Optional.of("hybrid"), Optional.of(HYBRID_CONTEXT), Optional.of(SEGMENTER), Optional.empty(),
                        training));
        Map<String, String> steps = Map.of("steps", quick ? "5" : "10");
        List<Direction> both = List.of(Direction.UP, Direction.DOWN);
        // the checks run on the conventional model alone: through the segmenter (the hybrid's adaptive
        // threat model) every step or query costs a network pass per subject, and the budget is ten minutes
        List<String> checked = List.of("conventional");
        List<AttackSpec> attacks = List.of(
                new AttackSpec("fgsm", both, Map.of(), List.of()),
                new AttackSpec("pgd-linf", both, steps, List.of()),
                new AttackSpec("apgd-linf", both, steps, checked),
                new AttackSpec("square-linf", both, Map.of("queries", quick ? "50" : "300"), checked),
                new AttackSpec("universal", both, Map.of("epochs", quick ? "3" : "5"), List.of()));
        List<TransferSpec> transfers = List.of(new TransferSpec("pgd-linf", "conventional", "hybrid", Optional.of(Direction.UP)));
        // every attack on the hybrid also runs through the segmenter (adaptive), a network's forward and
        // backward pass per subject and step: two budgets, the paper's 0.01 and the 40 dB of 0.02 over the
        // whole cube, keep the demo within its ten minutes (examples/experiments/paper-study.json sweeps four)
        List<Double> epsilons = List.of(0.01, 0.02);
        return new ExperimentSpec(quick ? "paper study (quick)" : "paper study", seed, DatasetSource.generated(cohort), models,
                segmenters, attacks, transfers, epsilons, quick ? 16 : 1_000, quick ? 16 : 1_000, ThreatModel.ALL, seeds);
    }
}

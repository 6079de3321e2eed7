package org.perturba.experiment.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.perturba.anatomy.cohort.CohortGrid;
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
    /** Regional volumes measured from the image itself, through the segmenter: what a deployed pipeline has. */
    static final String HYBRID_CONTEXT = "segmented-volumes";
    static final String SEGMENTER = "segmenter";

    private DemoExperiment() {
    }

    /**
     * The study's sizes. Each scale is one study (the same cohort seed, models, attacks and threat
     * models); what differs is what its grid lets two cores do in about the same time.
     */
    public enum Scale {
        /** 32³ voxels of about 6 mm: about 9 minutes on 2 cores; quick: about 2. */
        DEFAULT(new GridRequest.Cube(CohortGrid.DEFAULT_SIDE), new Sizes(300, TrainingSpec.DEFAULT_EPOCHS, TrainingSpec.DEFAULT_PATIENCE,
                SegmenterTrainer.DEFAULT_EPOCHS, 10, 300, 5, 1_000, List.of(0.01, 0.02)),
                new Sizes(120, 20, 8, 3, 5, 50, 3, 16, List.of(0.01, 0.02))),
        /**
         * The paper's resolution as far as the embedded 2 mm template goes: 96x112x96 voxels of 2 mm
         * (1.03 million, 32 times the default). Every network pass costs about 32 times more, so the
         * same study is cut to fewer epochs, attacked subjects and steps to keep it near an hour and a
         * half on 2 cores (docs/study.md, "Resolution", gives what it took).
         */
        PAPER(new GridRequest.VoxelSize(2), new Sizes(300, 20, 8, 2, 5, 100, 2, 24, List.of(0.01)),
                new Sizes(32, 3, 3, 1, 2, 10, 1, 3, List.of(0.01)));

        private final GridRequest grid;
        private final Sizes full;
        private final Sizes quick;

        Scale(GridRequest grid, Sizes full, Sizes quick) {
            this.grid = grid;
            this.full = full;
            this.quick = quick;
        }

        /** The grid the scale's cohort is generated on unless another is asked for. */
        public CohortGrid grid() {
            return grid.forCohort();
        }
    }

    /**
     * @param subjects in the generated cohort
     * @param epochs and {@code patience}: the brain-age models' training
     * @param segmenterEpochs the segmenter's training
     * @param steps of PGD and APGD
     * @param queries of the Square Attack
     * @param universalEpochs passes of the universal perturbation over its fit subjects
     * @param attackedSubjects and universal fit subjects (at most)
     * @param epsilons the L-infinity budgets
     */
    private record Sizes(int subjects, int epochs, int patience, int segmenterEpochs, int steps, int queries, int universalEpochs,
            int attackedSubjects, List<Double> epsilons) {
    }

    public static ExperimentSpec spec(boolean quick, long seed) {
        return spec(quick, List.of(seed));
    }

    /** The default-scale study repeated with each of {@code seeds} (split, training and attacks), aggregated over them. */
    public static ExperimentSpec spec(boolean quick, List<Long> seeds) {
        return spec(Scale.DEFAULT, quick, seeds, Scale.DEFAULT.grid());
    }

    /** The study at {@code scale}, its cohort generated on {@code grid} (the scale's own, or e.g. 1 mm for a GPU). */
    public static ExperimentSpec spec(Scale scale, boolean quick, List<Long> seeds, CohortGrid grid) {
        Sizes sizes = quick ? scale.quick : scale.full;
        long seed = seeds.get(0);
        CohortSpec cohort = new CohortSpec(sizes.subjects(), 7, grid, CohortSpec.DEFAULT_AGE_MIN, CohortSpec.DEFAULT_AGE_MAX);
        TrainingSpec training = new TrainingSpec(sizes.epochs(), TrainingSpec.DEFAULT_BATCH, seed, sizes.patience(), true);
        List<SegmenterSpec> segmenters = List.of(new SegmenterSpec(SEGMENTER, SegmenterSpec.DEFAULT_REGIONS, Optional.empty(),
                new TrainingSpec(sizes.segmenterEpochs(), SegmenterTrainer.DEFAULT_BATCH, seed, SegmenterTrainer.DEFAULT_PATIENCE, false)));
        List<ModelSpec> models = List.of(
                new ModelSpec("conventional", Optional.of("conventional"), Optional.empty(), Optional.empty(), Optional.empty(),
                        training),
                new ModelSpec("hybrid", Optional.of("hybrid"), Optional.of(HYBRID_CONTEXT), Optional.of(SEGMENTER), Optional.empty(),
                        training));
        Map<String, String> steps = Map.of("steps", Integer.toString(sizes.steps()));
        List<Direction> both = List.of(Direction.UP, Direction.DOWN);
        // the checks run on the conventional model alone: through the segmenter (the hybrid's adaptive
        // threat model) every step or query costs a network pass per subject
        List<String> checked = List.of("conventional");
        List<AttackSpec> attacks = List.of(
                new AttackSpec("fgsm", both, Map.of(), List.of()),
                new AttackSpec("pgd-linf", both, steps, List.of()),
                new AttackSpec("apgd-linf", both, steps, checked),
                new AttackSpec("square-linf", both, Map.of("queries", Integer.toString(sizes.queries())), checked),
                new AttackSpec("universal", both, Map.of("epochs", Integer.toString(sizes.universalEpochs())), List.of()));
        List<TransferSpec> transfers = List.of(new TransferSpec("pgd-linf", "conventional", "hybrid", Optional.of(Direction.UP)));
        // every attack on the hybrid also runs through the segmenter (adaptive), a network's forward and
        // backward pass per subject and step: the paper's 0.01 and, at 32³, the 40 dB of 0.02 over the
        // whole cube (examples/experiments/paper-study.json sweeps four)
        String name = (scale == Scale.PAPER ? "paper study at paper scale" : "paper study") + (quick ? " (quick)" : "");
        return new ExperimentSpec(name, seed, DatasetSource.generated(cohort), models, segmenters, attacks, transfers, sizes.epsilons(),
                sizes.attackedSubjects(), sizes.attackedSubjects(), ThreatModel.ALL, seeds);
    }
}

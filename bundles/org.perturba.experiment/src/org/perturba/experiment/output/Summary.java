package org.perturba.experiment.output;

import java.util.List;
import java.util.Optional;

import org.perturba.experiment.run.ContributionFailure;

/**
 * {@code summary.json}: the one schema that the run writes and {@link ExperimentOutputReader} reads,
 * through {@link SummaryJson}. Field names are the JSON names (docs/experiment-file.md).
 *
 * @param subjects the size of the dataset the run used
 * @param segmenters the segmentation models that image-derived contexts were measured through
 * @param attacks the sweep's cells, each attack against the model it was crafted on
 * @param transfers cells crafted on one model and measured on another
 * @param universalFitCurve universal perturbations fitted on growing subsets of their fit set, measured in-sample and held-out
 * @param seeds every seed the run repeated its split, training and attacks with; with several, the
 *        rows above aggregate them (means over seeds, intervals over seeds then subjects)
 * @param perSeed with several seeds, each seed's own rows; empty with one (the rows above are its)
 */
public record Summary(String experiment, long seed, int subjects, Optional<GridSummary> grid, List<Double> epsilons, List<ModelSummary> models,
        List<SegmenterSummary> segmenters, List<AttackSummary> attacks, List<AttackSummary> transfers, List<ContributionFailure> failures,
        List<FindingSummary> findings, List<FitCurvePoint> universalFitCurve, List<Long> seeds, List<SeedSummary> perSeed) {

    public Summary {
        epsilons = List.copyOf(epsilons);
        models = List.copyOf(models);
        segmenters = List.copyOf(segmenters);
        attacks = List.copyOf(attacks);
        transfers = List.copyOf(transfers);
        failures = List.copyOf(failures);
        findings = List.copyOf(findings);
        universalFitCurve = List.copyOf(universalFitCurve);
        seeds = List.copyOf(seeds);
        perSeed = List.copyOf(perSeed);
    }
}

package org.perturba.experiment.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import org.perturba.experiment.output.AttackSummary;
import org.perturba.experiment.output.FindingSummary;
import org.perturba.experiment.output.FitCurvePoint;
import org.perturba.experiment.output.ModelSummary;
import org.perturba.experiment.output.SeedSummary;
import org.perturba.experiment.output.SegmenterSummary;
import org.perturba.experiment.output.Summary;
import org.perturba.experiment.output.SummaryJson;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.stats.Bootstrap;
import org.perturba.experiment.stats.Interval;

/**
 * The top folder of a run with several seeds: {@code summary.json} whose models, attack and transfer
 * rows aggregate the seeds (each number the mean over seeds of the seeds' own; subject counts summed;
 * intervals from a two-level bootstrap, seeds then subjects) and whose {@code perSeed} keeps each
 * seed's rows; findings judged on all seeds at once; {@code report.html} and {@code provenance.json}.
 * A row that failed (or is missing) in any seed is a failed row here, naming the seed: an aggregate
 * over some seeds only would pass for one over all. The per-subject CSVs stay in each seed's folder.
 */
final class SeedAggregation {
    private static final double SHIFT_OVER_YEARS = 5;

    private final RunDirectory run;
    private final ExperimentSpec spec;
    private final List<SeedRun> seeds;
    private final Bootstrap bootstrap;

    /** One attack run as identified across seeds ({@linkplain SeedRun#acrossSeeds its parameters but the seed}). */
    private record CellKey(String model, Optional<String> craftedOn, String attack, Map<String, String> parameters, String threatModel,
            double epsilon, String direction) {
        static CellKey of(CellResult cell) {
            return new CellKey(cell.model(), cell.craftedOn(), cell.attack(), SeedRun.acrossSeeds(cell.parameters()), cell.threatModel(),
                    cell.epsilon(), cell.direction());
        }
    }

    /** One attack run in every seed: its cell and summary row per seed, in the seeds' order; absent where a seed lacks it. */
    private record Matched(CellKey key, List<Optional<CellResult>> cells, List<Optional<AttackSummary>> rows) {
    }

    SeedAggregation(RunDirectory run, ExperimentSpec spec, List<SeedRun> seeds) {
        this.run = run;
        this.spec = spec;
        this.seeds = List.copyOf(seeds);
        this.bootstrap = Bootstrap.forSeed(spec.seed());
    }

    RunResult write(Invocation invocation, Path dataset, Instant started, boolean resumed) throws IOException {
        List<FindingSummary> findings = PaperFindings.check(seeds.get(0).models(), seeds.stream().map(SeedRun::cells).toList(), bootstrap);
        List<ContributionFailure> failures = seeds.stream().flatMap(seed -> seed.summary().failures().stream()
                .map(failure -> failure.inSeed("seed " + seed.seed() + ": "))).toList();
        List<Matched> matched = matched();
        Summary summary = new Summary(spec.name(), spec.seed(), seeds.get(0).summary().subjects(), seeds.get(0).summary().grid(), spec.epsilons(), models(),
                segmenters(), matched.stream().filter(cell -> cell.key().craftedOn().isEmpty()).map(this::row).toList(),
                matched.stream().filter(cell -> cell.key().craftedOn().isPresent()).map(this::row).toList(), failures, findings,
                fitCurve(), spec.seeds(), seeds.stream().map(SeedAggregation::perSeed).toList());
        run.write(SummaryFiles.SUMMARY, SummaryJson.write(summary));
        Provenance.writeSeeds(run, spec, invocation, dataset, started, resumed);
        new SeedReport(run).write(summary, "Perturba " + invocation.perturbaVersion() + " · seeds " + spec.seeds() + " · started "
                + started + " · see provenance.json");
        return new RunResult(run.root(), summary.models().stream().map(model -> new ModelResult(model.id(), model.kind(),
                model.maeYears())).toList(), matched.stream().map(this::pooled).toList(), findings, failures);
    }

    /** Every attack run of any seed, in the first seed's order (then any only later seeds have), matched across seeds. */
    private List<Matched> matched() {
        Map<CellKey, Matched> matched = new LinkedHashMap<>();
        for (int s = 0; s < seeds.size(); s++) {
            SeedRun seed = seeds.get(s);
            List<CellResult> cells = Stream.concat(seed.cells().stream().filter(cell -> cell.craftedOn().isEmpty()),
                    seed.cells().stream().filter(cell -> cell.craftedOn().isPresent())).toList(); // the order of the summary's rows
            List<AttackSummary> rows = Stream.concat(seed.summary().attacks().stream(), seed.summary().transfers().stream()).toList();
            for (int c = 0; c < cells.size(); c++) {
                Matched cell = matched.computeIfAbsent(CellKey.of(cells.get(c)), key -> new Matched(key, absent(), absent()));
                cell.cells().set(s, Optional.of(cells.get(c)));
                cell.rows().set(s, Optional.of(rows.get(c).under(SeedRun.folder(seed.seed()))));
            }
        }
        return List.copyOf(matched.values());
    }

    private <T> List<Optional<T>> absent() {
        return new ArrayList<>(seeds.stream().map(seed -> Optional.<T>empty()).toList());
    }

    /** Why a run cannot be aggregated: the first seed where it failed or is missing; empty when it succeeded in every seed. */
    private Optional<String> failure(Matched cell) {
        for (int s = 0; s < seeds.size(); s++) {
            Optional<CellResult> result = cell.cells().get(s);
            if (result.isEmpty() || result.get().failed()) {
                return Optional.of("seed " + seeds.get(s).seed() + ": " + result.flatMap(CellResult::error).orElse("not run"));
            }
        }
        return Optional.empty();
    }

    private AttackSummary row(Matched cell) {
        CellKey key = cell.key();
        Optional<String> error = failure(cell);
        if (error.isPresent()) {
            return new AttackSummary(key.model(), key.craftedOn(), key.attack(), key.parameters(), key.threatModel(), key.epsilon(),
                    key.direction(), error, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Optional.empty(), Optional.empty(), List.of(), Optional.ofNullable(
                            key.parameters().get(UniversalProtocol.PROTOCOL)), Optional.ofNullable(key.parameters().get(
                                    UniversalProtocol.FIT_SUBJECTS)).map(Integer::valueOf), Double.NaN, Interval.UNDEFINED, Interval.UNDEFINED);
        }
        List<CellResult> cells = cell.cells().stream().map(Optional::orElseThrow).toList();
        AttackSummary first = cell.rows().get(0).orElseThrow();
        return new AttackSummary(key.model(), key.craftedOn(), key.attack(), parameters(cells), key.threatModel(), key.epsilon(),
                key.direction(), Optional.empty(), cells.stream().mapToInt(result -> result.subjects().size()).sum(),
                mean(cells, CellResult::meanShift), mean(cells, CellResult::meanAbsoluteShift),
                mean(cells, result -> result.fractionShiftedOver(SHIFT_OVER_YEARS)), mean(cells, CellResult::meanPsnrBrainDb),
                mean(cells, CellResult::meanSsimBrain), mean(cells, CellResult::meanPsnrVolumeDb), mean(cells, CellResult::meanSsimVolume),
                mean(cells, CellResult::meanEpsilonOverNoise),
                SummaryFiles.round(cells.stream().mapToDouble(CellResult::maxLInf).max().orElseThrow()),
                first.adversarialExample(), first.cleanExample(), flags(cell), first.protocol(), first.fitSubjects(),
                mean(cells, CellResult::alignment),
                CellIntervals.meanAbsoluteShift(cells, bootstrap).rounded(SummaryFiles.DECIMALS),
                CellIntervals.fractionShiftedOver(cells, SHIFT_OVER_YEARS, bootstrap).rounded(SummaryFiles.DECIMALS));
    }

    /** A run's subjects of every seed as one cell (subject ids prefixed by their seed's folder), for the command line's table. */
    private CellResult pooled(Matched cell) {
        CellKey key = cell.key();
        Optional<String> error = failure(cell);
        List<SubjectOutcome> subjects = new ArrayList<>();
        if (error.isEmpty()) {
            for (int s = 0; s < seeds.size(); s++) {
                String folder = SeedRun.folder(seeds.get(s).seed());
                cell.cells().get(s).orElseThrow().subjects().forEach(outcome -> subjects.add(new SubjectOutcome(folder + "/"
                        + outcome.subject(), outcome.age(), outcome.cleanAge(), outcome.adversarialAge(), outcome.lInf(), outcome.l2(),
                        outcome.psnrBrainDb(), outcome.ssimBrain(), outcome.psnrVolumeDb(), outcome.ssimVolume(),
                        outcome.epsilonOverNoise())));
            }
        }
        return new CellResult(key.model(), key.attack(), error.isEmpty() ? parameters(cell.cells().stream().map(Optional::orElseThrow)
                .toList()) : key.parameters(), key.threatModel(), key.direction(), key.epsilon(), key.craftedOn(), subjects, error,
                error.isEmpty() ? mean(cell.cells().stream().map(Optional::orElseThrow).toList(), CellResult::alignment) : Double.NaN);
    }

    /** The gradient-masking flags any seed raised on a run: a check failed in one seed is worth a look in all. */
    private static List<String> flags(Matched cell) {
        return cell.rows().stream().flatMap(row -> row.orElseThrow().flags().stream()).distinct().sorted().toList();
    }

    /** The universal fit-size curve's points that every seed has, each number the mean over seeds. */
    private List<FitCurvePoint> fitCurve() {
        List<FitCurvePoint> curve = new ArrayList<>();
        for (FitCurvePoint first : seeds.get(0).summary().universalFitCurve()) {
            List<FitCurvePoint> all = inEverySeed(seed -> seed.summary().universalFitCurve(), SeedAggregation::pointKey, pointKey(first));
            if (all.size() == seeds.size()) {
                curve.add(new FitCurvePoint(first.model(), first.attack(), first.threatModel(), first.direction(), first.epsilon(),
                        first.fitSubjects(), mean(all, FitCurvePoint::inSampleMeanAbsShiftYears),
                        mean(all, FitCurvePoint::heldOutMeanAbsShiftYears), mean(all, FitCurvePoint::alignment)));
            }
        }
        return curve;
    }

    private static String pointKey(FitCurvePoint point) {
        return String.join("|", point.model(), point.attack(), point.threatModel(), point.direction(), Double.toString(point.epsilon()),
                Integer.toString(point.fitSubjects()));
    }

    /** The parameters every seed ran an attack with: its seed too when they share one (given in the experiment file). */
    private static Map<String, String> parameters(List<CellResult> cells) {
        Map<String, String> first = cells.get(0).parameters();
        return cells.stream().allMatch(cell -> cell.parameters().equals(first)) ? first : SeedRun.acrossSeeds(first);
    }

    /** The models every seed has, in the first seed's order. */
    private List<ModelSummary> models() {
        List<ModelSummary> models = new ArrayList<>();
        for (ModelSummary first : seeds.get(0).summary().models()) {
            List<ModelSummary> all = inEverySeed(seed -> seed.summary().models(), ModelSummary::id, first.id());
            if (all.size() == seeds.size()) {
                models.add(new ModelSummary(first.id(), first.kind(), first.context(), first.contextSource(), first.segmenter(),
                        all.stream().mapToInt(ModelSummary::testSubjects).sum(), mean(all, ModelSummary::maeYears),
                        mean(all, ModelSummary::rmseYears), mean(all, ModelSummary::pearsonR), mean(all, ModelSummary::gapSlope),
                        mean(all, ModelSummary::gradientL1Mean), meanPerKey(all, ModelSummary::gradientL1Quantiles),
                        CellIntervals.meanAbsoluteError(seeds.stream().map(seed -> seed.tests().get(first.id())).toList(), bootstrap)
                                .rounded(SummaryFiles.DECIMALS)));
            }
        }
        return models;
    }

    /** The segmenters every seed has, each number the mean over seeds. */
    private List<SegmenterSummary> segmenters() {
        List<SegmenterSummary> segmenters = new ArrayList<>();
        for (SegmenterSummary first : seeds.get(0).summary().segmenters()) {
            List<SegmenterSummary> all = inEverySeed(seed -> seed.summary().segmenters(), SegmenterSummary::id, first.id());
            if (all.size() == seeds.size()) {
                segmenters.add(new SegmenterSummary(first.id(), first.regions(), all.stream().mapToInt(SegmenterSummary::testSubjects).sum(),
                        mean(all, SegmenterSummary::diceMean), meanPerKey(all, SegmenterSummary::dicePerRegion),
                        meanPerKey(all, SegmenterSummary::volumeCorrelation)));
            }
        }
        return segmenters;
    }

    private <T> List<T> inEverySeed(Function<SeedRun, List<T>> rows, Function<T, String> id, String wanted) {
        return seeds.stream().flatMap(seed -> rows.apply(seed).stream().filter(row -> id.apply(row).equals(wanted)).limit(1)).toList();
    }

    private static <T> Map<String, Double> meanPerKey(List<T> rows, Function<T, Map<String, Double>> values) {
        Map<String, Double> means = new LinkedHashMap<>();
        for (String key : values.apply(rows.get(0)).keySet()) {
            means.put(key, mean(rows, row -> values.apply(row).getOrDefault(key, Double.NaN)));
        }
        return means;
    }

    /** The mean over seeds, rounded as the summary stores numbers; NaN when a seed's is (a model's undefined r, say). */
    private static <T> double mean(Collection<T> rows, ToDoubleFunction<T> value) {
        return SummaryFiles.round(rows.stream().mapToDouble(value).average().orElse(Double.NaN));
    }

    private static SeedSummary perSeed(SeedRun seed) {
        String folder = SeedRun.folder(seed.seed());
        Summary summary = seed.summary();
        return new SeedSummary(seed.seed(), summary.models(), summary.attacks().stream().map(row -> row.under(folder)).toList(),
                summary.transfers().stream().map(row -> row.under(folder)).toList(), summary.findings());
    }
}

package org.perturba.experiment.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.DifferentiableContextExtractor;
import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.attack.Attack;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.gradient.Budget;
import org.perturba.attack.gradient.GradientOracle;
import org.perturba.attack.metrics.Perceptibility;
import org.perturba.attack.universal.UniversalAttack;
import org.perturba.core.registry.ContributionKind;
import org.perturba.experiment.spec.AttackSpec;
import org.perturba.experiment.spec.Direction;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.InvalidExperimentException;
import org.perturba.experiment.spec.ThreatModel;
import org.perturba.experiment.spec.TransferSpec;
import org.perturba.model.ModelInput;
import org.perturba.model.ModelMetadata;
import org.perturba.model.hybrid.ExtractedContextPath;
import org.perturba.model.training.Batches;
import org.perturba.model.training.PreparedSubject;

/**
 * Runs the sweep: every attack against every model it applies to, at every epsilon and in every
 * direction, then every transfer, each on the same attacked test subjects. A model with context is
 * attacked under each threat model the experiment names: {@code image-only} (crafted and measured
 * with the clean context), {@code recomputed} (the same adversarial images, measured with the context
 * the model's extractor recomputes from them: crafted once, measured twice) and {@code adaptive}
 * (crafted through the context path, which needs a differentiable extractor, and measured with the
 * recomputed context); a universal attack's image-only and adaptive variants are {@code universal} and
 * {@code universal-adaptive}. Models without context, and transfers, have one threat model. Each
 * measured cell is stored as soon as it is done, keyed by its attack's full parameters and threat
 * model, and skipped when a resumed run finds it. An attack that cannot be created or throws, or
 * whose result breaks the attack contract ({@link AttackOutputCheck}), is recorded as a failed cell
 * (not stored, so a resumed run tries it again) and as a contribution failure, and the sweep goes on;
 * cells of models that failed are not in the sweep.
 */
final class AttackStage {
    static final String EXAMPLES_FOLDER = "examples";

    private final Contributions contributions;
    private final RunDirectory run;
    private final ExperimentData data;
    private final ExperimentProgress progress;
    private final Failures failures;
    private final CellFiles cells;
    private final ContextExtractors extractors;
    private final Map<String, Double> alignments = new HashMap<>();

    AttackStage(Contributions contributions, ContextExtractors extractors, RunDirectory run, ExperimentData data,
            ExperimentProgress progress, Failures failures) {
        this.contributions = contributions;
        this.extractors = extractors;
        this.run = run;
        this.data = data;
        this.progress = progress;
        this.failures = failures;
        this.cells = new CellFiles(run);
    }

    List<CellResult> run(ExperimentSpec spec, List<TrainedModel> models)
            throws IOException, DatasetException, InvalidExperimentException {
        List<Crafting> sweep = sweep(spec, models);
        int size = sweep.stream().mapToInt(crafting -> crafting.measurements.size()).sum();
        progress.stage("attacking: " + size + " runs of attack × model × epsilon × direction × threat model", size);
        List<CellResult> results = new ArrayList<>();
        for (Crafting crafting : sweep) {
            if (progress.isCancelled()) {
                throw new CancellationException("the experiment was cancelled");
            }
            List<Optional<CellResult>> stored = new ArrayList<>();
            for (Measurement measurement : crafting.measurements) {
                stored.add(cells.read(file(crafting, measurement), parameters(crafting, measurement), crafting.epsilon,
                        measurement.threatModel));
            }
            List<CellResult> computed = stored.stream().allMatch(Optional::isPresent) ? List.of() : compute(crafting, spec);
            for (int i = 0; i < stored.size(); i++) {
                CellResult result = stored.get(i).isPresent() ? stored.get(i).get() : computed.get(i);
                if (stored.get(i).isEmpty() && !result.failed()) {
                    cells.write(file(crafting, crafting.measurements.get(i)), result);
                }
                results.add(result);
                progress.advance(results.size());
            }
        }
        return results;
    }

    /**
     * One crafting of adversarial images, and the cells measured from them: crafted on {@code source},
     * measured on {@code target} (the same model unless a transfer).
     *
     * @param throughContext whether the attacker gets the context path (adaptive crafting)
     * @param fitSubjects for a universal attack, how many validation subjects it is fitted on
     */
    private record Crafting(String attack, AttackParameters parameters, Direction direction, double epsilon, TrainedModel source,
            TrainedModel target, boolean throughContext, List<Measurement> measurements, int fitSubjects) {
    }

    /**
     * One cell of a crafting.
     *
     * @param recomputed whether the target sees the context recomputed from the adversarial images
     *        (else its clean context)
     * @param protocol for a universal perturbation, where it is measured ({@link UniversalProtocol})
     */
    private record Measurement(String threatModel, boolean recomputed, Optional<String> protocol) {
        static final Measurement IMAGE_ONLY = new Measurement(CellResult.IMAGE_ONLY, false, Optional.empty());
        static final Measurement RECOMPUTED = new Measurement(CellResult.RECOMPUTED, true, Optional.empty());
        static final Measurement ADAPTIVE = new Measurement(CellResult.ADAPTIVE, true, Optional.empty());
        static final Measurement TRANSFER = new Measurement(CellResult.TRANSFER, false, Optional.empty());

        /** A universal perturbation's cells: on the subjects it was fitted on, and on the attacked test subjects. */
        static List<Measurement> universal(String threatModel, boolean recomputed) {
            return List.of(new Measurement(threatModel, recomputed, Optional.of(UniversalProtocol.IN_SAMPLE)),
                    new Measurement(threatModel, recomputed, Optional.of(UniversalProtocol.HELD_OUT)));
        }

        boolean inSample() {
            return protocol.equals(Optional.of(UniversalProtocol.IN_SAMPLE));
        }
    }

    /** The cell's parameters: the attack's, and a universal cell's protocol and fit-set size. */
    private static Map<String, String> parameters(Crafting crafting, Measurement measurement) {
        if (measurement.protocol.isEmpty()) {
            return crafting.parameters.values();
        }
        Map<String, String> parameters = new HashMap<>(crafting.parameters.values());
        parameters.put(UniversalProtocol.PROTOCOL, measurement.protocol.get());
        parameters.put(UniversalProtocol.FIT_SUBJECTS, Integer.toString(crafting.fitSubjects));
        return parameters;
    }

    private static String file(Crafting crafting, Measurement measurement) {
        return CellFiles.name(crafting.target.id(), crafting.attack, parameters(crafting, measurement), crafting.direction.id(),
                crafting.epsilon, craftedOn(crafting), measurement.threatModel);
    }

    private List<Crafting> sweep(ExperimentSpec spec, List<TrainedModel> models) throws InvalidExperimentException {
        List<Crafting> sweep = new ArrayList<>();
        Set<String> noted = new HashSet<>();
        for (AttackSpec attack : spec.attacks()) {
            boolean universal = isUniversal(attack.attack());
            for (TrainedModel model : models) {
                if (!attack.appliesTo(model.id())) {
                    continue;
                }
                List<Direction> directions = contributions.directions(attack.attack(), attack.directions());
                List<Plan> plans = plans(spec, model, universal, noted);
                for (double epsilon : spec.epsilons()) {
                    for (Direction direction : directions) {
                        AttackParameters parameters = contributions.attackParameters(attack.attack(), attack.parameters(), epsilon,
                                direction, spec.seed());
                        for (Plan plan : plans) {
                            for (int fit : universal ? fitSizes(spec, model, epsilon, plan) : List.of(0)) {
                                sweep.add(new Crafting(attack.attack(), parameters, direction, epsilon, model, model,
                                        plan.throughContext, plan.measurements, fit));
                            }
                        }
                    }
                }
            }
        }
        for (TransferSpec transfer : spec.transfers()) {
            Optional<TrainedModel> from = model(models, transfer.source());
            Optional<TrainedModel> to = model(models, transfer.target());
            if (from.isEmpty() || to.isEmpty()) {
                continue; // a model it needs failed, as the failures say
            }
            String crafted = from.get().model().metadata().inputNormalisation().text();
            String measured = to.get().model().metadata().inputNormalisation().text();
            if (!crafted.equals(measured)) { // the images would mean different intensities to the two models
                throw new InvalidExperimentException("transfer from '" + transfer.source() + "' to '" + transfer.target()
                        + "': the models normalise images differently (" + crafted + " and " + measured
                        + "), so images crafted on one are not the other's input");
            }
            Direction direction = contributions.direction(transfer);
            for (double epsilon : spec.epsilons()) {
                sweep.add(new Crafting(transfer.attack(), contributions.attackParameters(transfer.attack(),
                        parametersOf(spec, transfer.attack()), epsilon, direction, spec.seed()), direction, epsilon, from.get(),
                        to.get(), false, List.of(Measurement.TRANSFER), spec.universalFitSubjects()));
            }
        }
        return sweep;
    }

    /**
     * The fit-set sizes of a universal attack's craftings: the full fit set, and at the key epsilon, with
     * the context fixed, the smaller sizes of {@link UniversalProtocol#curveSizes}.
     */
    private static List<Integer> fitSizes(ExperimentSpec spec, TrainedModel model, double epsilon, Plan plan) {
        int full = Math.min(spec.universalFitSubjects(), model.subjects().validation().size());
        List<Integer> sizes = new ArrayList<>();
        sizes.add(full);
        if (!plan.throughContext && Math.abs(epsilon - PaperFindings.KEY_EPSILON) < 1e-9) {
            sizes.addAll(UniversalProtocol.curveSizes(full));
        }
        return sizes;
    }

    /** How to craft (through the context path or not), and the cells to measure from it. */
    private record Plan(boolean throughContext, List<Measurement> measurements) {
    }

    /**
     * The craftings of one attack on one model: image-only for a model without context; else those of
     * the experiment's threat models, image-only and recomputed sharing one crafting. A universal
     * perturbation has no recomputed cell; adaptive cells need a differentiable extractor, and are left
     * out with a note (once per model) when there is none.
     */
    private List<Plan> plans(ExperimentSpec spec, TrainedModel model, boolean universal, Set<String> noted) {
        Optional<ModelMetadata.ContextSpec> context = model.model().metadata().context();
        if (context.isEmpty()) {
            return List.of(new Plan(false, universal ? Measurement.universal(CellResult.UNIVERSAL, false) : List.of(Measurement.IMAGE_ONLY)));
        }
        List<Measurement> fixed = new ArrayList<>();
        List<Plan> plans = new ArrayList<>();
        for (ThreatModel threatModel : spec.threatModels()) {
            switch (threatModel) {
            case IMAGE_ONLY -> fixed.addAll(universal ? Measurement.universal(CellResult.UNIVERSAL, false) : List.of(Measurement.IMAGE_ONLY));
            case RECOMPUTED -> {
                if (!universal) {
                    fixed.add(Measurement.RECOMPUTED);
                }
            }
            case ADAPTIVE -> {
                if (differentiable(model, context.get().extractor(), noted)) {
                    plans.add(new Plan(true, universal ? Measurement.universal(CellResult.UNIVERSAL_ADAPTIVE, true)
                            : List.of(Measurement.ADAPTIVE)));
                }
            }
            }
        }
        if (!fixed.isEmpty()) {
            plans.add(0, new Plan(false, fixed));
        }
        return plans;
    }

    /** Whether the model's extractor is differentiable; if not (or it cannot be created), says so once for the model. */
    private boolean differentiable(TrainedModel model, String extractor, Set<String> noted) {
        try {
            if (extractors.get(extractor, model.segmenter()) instanceof DifferentiableContextExtractor) {
                return true;
            }
            if (noted.add(model.id())) {
                progress.note("no adaptive attacks on " + model.id() + ": its context extractor '" + extractor
                        + "' is not differentiable, so no attacker can follow the gradient through it");
            }
        } catch (ContributionFailedException e) {
            if (noted.add(model.id())) {
                failures.record(e.failure());
            }
        } catch (InvalidExperimentException e) {
            if (noted.add(model.id())) {
                progress.note("no adaptive attacks on " + model.id() + ": " + e.getMessage());
            }
        }
        return false;
    }

    /** Whether the attack is a universal one; an attack that cannot be created fails in its cells, not here. */
    private boolean isUniversal(String attack) {
        try {
            return contributions.attack(attack) instanceof UniversalAttack;
        } catch (InvalidExperimentException | ContributionFailedException e) {
            return false;
        }
    }

    /** The role of an attack in the gradient-masking checks; one that cannot be created has only failed cells, never compared. */
    GradientMaskingChecks.Kind kind(String attack) {
        try {
            return GradientMaskingChecks.Kind.of(contributions.attack(attack));
        } catch (InvalidExperimentException | ContributionFailedException e) {
            return GradientMaskingChecks.Kind.WHITE_BOX;
        }
    }

    /** A transfer uses the parameters the experiment gives the same attack elsewhere, if any. */
    static Map<String, String> parametersOf(ExperimentSpec spec, String attack) {
        return spec.attacks().stream().filter(entry -> entry.attack().equals(attack)).findFirst()
                .map(AttackSpec::parameters).orElse(Map.of());
    }

    private static Optional<TrainedModel> model(List<TrainedModel> models, String id) {
        return models.stream().filter(model -> model.id().equals(id)).findFirst();
    }

    /**
     * Crafts once and measures every cell of the crafting; on a failure, every cell fails with it. A
     * universal perturbation is fitted on validation subjects and measured on the attacked test subjects
     * (held-out) and on its fit set (in-sample), as its cells ask.
     */
    private List<CellResult> compute(Crafting crafting, ExperimentSpec spec)
            throws DatasetException, InvalidExperimentException, IOException {
        List<PreparedSubject> attacked = first(crafting.source.subjects().test(), spec.attackedSubjects());
        List<PreparedSubject> fitSet = first(crafting.source.subjects().validation(), crafting.fitSubjects);
        List<List<SubjectOutcome>> outcomes = new ArrayList<>();
        crafting.measurements.forEach(measurement -> outcomes.add(new ArrayList<>()));
        double alignment = Double.NaN;
        try {
            Attack attack = contributions.attack(crafting.attack);
            Optional<INDArray> shared = Optional.empty();
            if (attack instanceof UniversalAttack fitted) {
                ModelInput fitInput = input(crafting.source, fitSet, crafting.throughContext);
                AttackOutputCheck fitCheck = AttackOutputCheck.before(fitInput, ids(fitSet));
                shared = Optional.of(fitted.fit(crafting.source.model(), fitInput, crafting.parameters));
                refuse(crafting, fitCheck.modification());
                alignment = alignment(crafting, fitInput);
            }
            for (boolean inSample : List.of(false, true)) {
                measure(crafting, attack, shared, inSample ? fitSet : attacked, inSample, outcomes);
            }
        } catch (ContributionFailedException e) { // the attack (or a context extractor) could not be created, or broke the contract
            failures.record(e.failure());
            return failed(crafting, e.failure().message());
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) { // a plug-in's failure is its cell's result, not the run's end
            ContributionFailure failure = ContributionFailure.of(ContributionKind.ATTACK, crafting.attack, ContributionFailure.ATTACKING, e)
                    .forModel(crafting.target.id());
            failures.record(failure);
            return failed(crafting, failure.message());
        }
        List<CellResult> results = new ArrayList<>();
        for (int m = 0; m < crafting.measurements.size(); m++) {
            Measurement measurement = crafting.measurements.get(m);
            results.add(new CellResult(crafting.target.id(), crafting.attack, parameters(crafting, measurement),
                    measurement.threatModel, crafting.direction.id(), crafting.epsilon, craftedOn(crafting), outcomes.get(m),
                    Optional.empty(), alignment));
        }
        return results;
    }

    /**
     * Attacks {@code subjects} (or adds the shared perturbation to them) and measures the crafting's cells
     * that are measured on them: the in-sample ones, or all others.
     */
    private void measure(Crafting crafting, Attack attack, Optional<INDArray> shared, List<PreparedSubject> subjects, boolean inSample,
            List<List<SubjectOutcome>> outcomes) throws DatasetException, InvalidExperimentException, ContributionFailedException,
            IOException {
        List<Integer> cells = new ArrayList<>();
        for (int m = 0; m < crafting.measurements.size(); m++) {
            if (crafting.measurements.get(m).inSample() == inSample) {
                cells.add(m);
            }
        }
        int perPass = Batches.subjectsPerPass(data.grid());
        for (int start = 0; start < subjects.size() && !cells.isEmpty(); start += perPass) {
            List<PreparedSubject> batch = subjects.subList(start, Math.min(subjects.size(), start + perPass));
            ModelInput clean = input(crafting.source, batch, crafting.throughContext);
            AttackOutputCheck check = AttackOutputCheck.before(clean, ids(batch));
            INDArray adversarial = shared.isPresent()
                    ? UniversalAttack.apply(shared.get(), clean, Budget.brainOnly(crafting.parameters))
                    : attack.perturb(crafting.source.model(), clean, crafting.parameters);
            refuse(crafting, check.violation(adversarial, attack.norm(), crafting.parameters));
            List<PreparedSubject> measured = crafting.target == crafting.source ? batch
                    : sameSubjects(crafting.target.subjects().test(), batch);
            ModelInput target = Batches.of(measured, crafting.target.model().metadata());
            double[] before = crafting.target.model().predictAges(target);
            for (int m : cells) {
                ModelInput seen = crafting.measurements.get(m).recomputed ? recomputed(crafting.target, measured, adversarial)
                        : target.withImages(adversarial);
                double[] after = crafting.target.model().predictAges(seen);
                String file = file(crafting, crafting.measurements.get(m));
                for (int i = 0; i < batch.size(); i++) {
                    float[] image = batch.get(i).image();
                    float[] changed = Batches.voxels(adversarial, i);
                    Perceptibility visibility = Perceptibility.of(image, changed, batch.get(i).brainMask(), data.grid(),
                            crafting.epsilon);
                    outcomes.get(m).add(new SubjectOutcome(batch.get(i).id(), batch.get(i).age(), before[i], after[i],
                            visibility.lInf(), visibility.l2(), visibility.psnrBrainDb(), visibility.ssimBrain(),
                            visibility.psnrVolumeDb(), visibility.ssimVolume(), visibility.epsilonOverNoise()));
                    if (start == 0 && i == 0) {
                        writeExamples(file, batch.get(i).id(), image, changed);
                    }
                }
            }
        }
    }

    /**
     * The {@link GradientAlignment} of a universal crafting's fit set at the clean images, inside the mask,
     * through the oracle the fit used; computed once per model, fit set and oracle (directions and budgets
     * share it).
     */
    private double alignment(Crafting crafting, ModelInput fitInput) {
        return alignments.computeIfAbsent(crafting.source.id() + "|" + crafting.fitSubjects + "|" + crafting.throughContext, key -> {
            GradientAlignment alignment = new GradientAlignment();
            int perPass = Batches.subjectsPerPass(data.grid());
            for (int start = 0; start < fitInput.batchSize(); start += perPass) {
                ModelInput batch = fitInput.rows(IntStream.range(start, (int) Math.min(fitInput.batchSize(), start + perPass)).toArray());
                alignment.add(GradientOracle.of(crafting.source.model(), batch).ageGradient(batch.images()).muli(batch.changeableVoxels()));
            }
            return alignment.value();
        });
    }

    /** The first attacked subject's adversarial image (one per cell) and clean image (one per subject). */
    private void writeExamples(String cellFile, String subject, float[] image, float[] changed) throws IOException {
        Volumes.write(data.gridTemplate().withVoxels(changed), run.resolve(exampleName(cellFile)));
        String cleanFile = cleanExampleName(subject);
        if (!run.exists(cleanFile)) {
            Volumes.write(data.gridTemplate().withVoxels(image), run.resolve(cleanFile));
        }
    }

    /** A result that breaks the attack contract fails its cell, as if the attack had thrown. */
    private static void refuse(Crafting crafting, Optional<String> violation) throws ContributionFailedException {
        if (violation.isPresent()) {
            throw new ContributionFailedException(new ContributionFailure(ContributionKind.ATTACK, crafting.attack,
                    ContributionFailure.ATTACKING, Optional.of(crafting.target.id()), "broke the attack contract ("
                            + crafting.direction.id() + ", epsilon " + crafting.epsilon
                            + (crafting.throughContext ? ", through the context" : "")
                            + (crafting.source == crafting.target ? "" : ", crafted on " + crafting.source.id()) + "): "
                            + violation.get()),
                    null);
        }
    }

    private static List<String> ids(List<PreparedSubject> subjects) {
        return subjects.stream().map(PreparedSubject::id).toList();
    }

    private static List<CellResult> failed(Crafting crafting, String error) {
        return crafting.measurements.stream().map(measurement -> new CellResult(crafting.target.id(), crafting.attack,
                parameters(crafting, measurement), measurement.threatModel, crafting.direction.id(), crafting.epsilon, craftedOn(crafting),
                List.of(), Optional.of(error))).toList();
    }

    private static Optional<String> craftedOn(Crafting crafting) {
        return crafting.source == crafting.target ? Optional.empty() : Optional.of(crafting.source.id());
    }

    /** The adversarial image of a cell's first subject, for figures and the workbench. */
    static String exampleName(String cellFile) {
        return EXAMPLES_FOLDER + "/" + cellFile.substring(CellFiles.CELLS_FOLDER.length() + 1).replace(".json", ".nii.gz");
    }

    static String cleanExampleName(String subject) {
        return EXAMPLES_FOLDER + "/clean--" + subject + ".nii.gz";
    }

    /**
     * A model's batch; {@code throughContext}, with the path of its context through its differentiable
     * extractor (the attacker may follow it), else with its clean context fixed.
     */
    private ModelInput input(TrainedModel model, List<PreparedSubject> subjects, boolean throughContext)
            throws DatasetException, InvalidExperimentException, ContributionFailedException {
        ModelInput input = Batches.of(subjects, model.model().metadata());
        if (!throughContext) {
            return input;
        }
        ModelMetadata.ContextSpec context = model.model().metadata().context().orElseThrow();
        DifferentiableContextExtractor extractor = (DifferentiableContextExtractor) extractors.get(context.extractor(),
                model.segmenter());
        return new ModelInput(input.images(), input.context(), Optional.of(new ExtractedContextPath(extractor,
                data.labels(subjects), data.gridTemplate(), context.standardisation())), input.brainMask());
    }

    /** The subjects with the adversarial images and the context the model's extractor computes from them. */
    private ModelInput recomputed(TrainedModel model, List<PreparedSubject> subjects, INDArray images)
            throws DatasetException, InvalidExperimentException, ContributionFailedException {
        String id = model.model().metadata().context().orElseThrow().extractor();
        try {
            return RecomputedContext.batch(extractors.get(id, model.segmenter()), model.model().metadata(), subjects, data.labels(subjects),
                    data.gridTemplate(), images);
        } catch (ContextExtractionException e) {
            throw new ContributionFailedException(ContributionFailure.of(ContributionKind.CONTEXT, id, ContributionFailure.EXTRACTING,
                    e).forModel(model.id()), e);
        }
    }

    /** The subjects of {@code batch} as prepared for another model (its own context), in batch order. */
    private static List<PreparedSubject> sameSubjects(List<PreparedSubject> prepared, List<PreparedSubject> batch) {
        Map<String, PreparedSubject> byId = new HashMap<>();
        prepared.forEach(subject -> byId.put(subject.id(), subject));
        return batch.stream().map(subject -> byId.get(subject.id())).toList();
    }

    private static <T> List<T> first(List<T> items, int count) {
        return items.subList(0, Math.min(items.size(), count));
    }
}

package org.perturba.experiment.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.anatomy.ContextExtractor;
import org.perturba.anatomy.DifferentiableContextExtractor;
import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.attack.Attack;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.gradient.Budget;
import org.perturba.attack.metrics.Perceptibility;
import org.perturba.attack.universal.UniversalAttack;
import org.perturba.core.registry.ContributionKind;
import org.perturba.experiment.spec.AttackSpec;
import org.perturba.experiment.spec.Direction;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.InvalidExperimentException;
import org.perturba.experiment.spec.TransferSpec;
import org.perturba.imaging.Volume;
import org.perturba.model.ModelInput;
import org.perturba.model.ModelMetadata;
import org.perturba.model.hybrid.ExtractedContextPath;
import org.perturba.model.training.Batches;
import org.perturba.model.training.PreparedSubject;

/**
 * Runs the sweep: every attack against every model it applies to, at every epsilon and in every
 * direction, then every transfer, each on the same attacked test subjects. Each cell is stored as
 * soon as it is done, keyed by its attack's full parameters (two entries of one attack are two
 * cells), and skipped when a resumed run finds it. An attack that cannot be created or throws, or
 * whose result breaks the attack contract ({@link AttackOutputCheck}), is recorded as a failed cell
 * (not stored, so a resumed run tries it again) and as a contribution failure, and the sweep goes
 * on; cells of models that failed are not in the sweep.
 */
final class AttackStage {
    static final String EXAMPLES_FOLDER = "examples";
    private static final int BATCH = 8;

    private final Contributions contributions;
    private final RunDirectory run;
    private final ExperimentData data;
    private final ExperimentProgress progress;
    private final Failures failures;
    private final CellFiles cells;
    private final ContextExtractors extractors;

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
        List<Cell> sweep = sweep(spec, models);
        progress.stage("attacking: " + sweep.size() + " runs of attack × model × epsilon × direction", sweep.size());
        List<CellResult> results = new ArrayList<>();
        for (Cell cell : sweep) {
            if (progress.isCancelled()) {
                throw new CancellationException("the experiment was cancelled");
            }
            String file = CellFiles.name(cell.target.id(), cell.attack, cell.parameters.values(), cell.direction.id(), cell.epsilon,
                    craftedOn(cell));
            Optional<CellResult> stored = cells.read(file, cell.parameters.values(), cell.epsilon);
            CellResult result = stored.isPresent() ? stored.get() : compute(cell, spec, file);
            if (stored.isEmpty() && !result.failed()) {
                cells.write(file, result);
            }
            results.add(result);
            progress.advance(results.size());
        }
        return results;
    }

    /** One attack run: crafted on {@code source}, measured on {@code target} (the same model unless a transfer). */
    private record Cell(String attack, AttackParameters parameters, Direction direction, double epsilon, TrainedModel source,
            TrainedModel target) {

        String describe() {
            return "attack '" + attack + "' (" + direction.id() + ", epsilon " + epsilon + ") on " + target.id()
                    + (source == target ? "" : " crafted on " + source.id());
        }
    }

    private List<Cell> sweep(ExperimentSpec spec, List<TrainedModel> models) throws InvalidExperimentException {
        List<Cell> sweep = new ArrayList<>();
        for (AttackSpec attack : spec.attacks()) {
            for (TrainedModel model : models) {
                if (!attack.appliesTo(model.id())) {
                    continue;
                }
                List<Direction> directions = contributions.directions(attack.attack(), attack.directions());
                for (double epsilon : spec.epsilons()) {
                    for (Direction direction : directions) {
                        sweep.add(new Cell(attack.attack(),
                                contributions.attackParameters(attack.attack(), attack.parameters(), epsilon, direction, spec.seed()), direction,
                                epsilon, model, model));
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
            TrainedModel source = from.get();
            TrainedModel target = to.get();
            Direction direction = contributions.direction(transfer);
            for (double epsilon : spec.epsilons()) {
                sweep.add(new Cell(transfer.attack(), contributions.attackParameters(transfer.attack(),
                        parametersOf(spec, transfer.attack()), epsilon, direction, spec.seed()), direction, epsilon, source, target));
            }
        }
        return sweep;
    }

    /** A transfer uses the parameters the experiment gives the same attack elsewhere, if any. */
    static Map<String, String> parametersOf(ExperimentSpec spec, String attack) {
        return spec.attacks().stream().filter(entry -> entry.attack().equals(attack)).findFirst()
                .map(AttackSpec::parameters).orElse(Map.of());
    }

    private static Optional<TrainedModel> model(List<TrainedModel> models, String id) {
        return models.stream().filter(model -> model.id().equals(id)).findFirst();
    }

    private CellResult compute(Cell cell, ExperimentSpec spec, String file)
            throws DatasetException, InvalidExperimentException, IOException {
        List<PreparedSubject> attacked = first(cell.source.subjects().test(), spec.attackedSubjects());
        String threatModel = cell.source == cell.target ? CellResult.IMAGE_ONLY : CellResult.TRANSFER;
        List<SubjectOutcome> outcomes = new ArrayList<>();
        try {
            Attack attack = contributions.attack(cell.attack);
            if (attack instanceof UniversalAttack && cell.source == cell.target) {
                threatModel = CellResult.UNIVERSAL;
            }
            Optional<INDArray> shared = Optional.empty();
            if (attack instanceof UniversalAttack fitted) {
                // fitted on validation subjects, measured on test subjects: the held-out effect
                List<PreparedSubject> fitSet = first(cell.source.subjects().validation(), spec.universalFitSubjects());
                ModelInput fitInput = input(cell.source, fitSet);
                AttackOutputCheck fitCheck = AttackOutputCheck.before(fitInput, ids(fitSet));
                shared = Optional.of(fitted.fit(cell.source.model(), fitInput, cell.parameters));
                refuse(cell, fitCheck.modification());
            }
            for (int start = 0; start < attacked.size(); start += BATCH) {
                List<PreparedSubject> batch = attacked.subList(start, Math.min(attacked.size(), start + BATCH));
                ModelInput clean = input(cell.source, batch);
                AttackOutputCheck check = AttackOutputCheck.before(clean, ids(batch));
                ModelInput adversarial = shared.isPresent()
                        ? clean.withImages(UniversalAttack.apply(shared.get(), clean.images(), Budget.brainOnly(cell.parameters)))
                        : attack.perturbInput(cell.source.model(), clean, cell.parameters);
                refuse(cell, check.violation(adversarial.images(), attack.norm(), cell.parameters));
                // an attack on the context path hands over the context it computed; others keep the given one
                if (adversarial.context().orElse(null) != clean.context().orElse(null) && cell.source == cell.target) {
                    threatModel = CellResult.ADAPTIVE;
                }
                if (cell.target != cell.source) { // the target sees the images with its own, clean context
                    clean = input(cell.target, sameSubjects(cell.target.subjects().test(), batch));
                    adversarial = clean.withImages(adversarial.images());
                }
                double[] before = cell.target.model().predictAges(clean);
                double[] after = cell.target.model().predictAges(adversarial);
                for (int i = 0; i < batch.size(); i++) {
                    float[] image = batch.get(i).image();
                    float[] changed = Volumes.voxels(adversarial.images(), i);
                    Perceptibility visibility = Perceptibility.of(image, changed, data.grid());
                    outcomes.add(new SubjectOutcome(batch.get(i).id(), batch.get(i).age(), before[i], after[i], visibility.lInf(),
                            visibility.l2(), visibility.psnrDb(), visibility.ssim()));
                    if (start == 0 && i == 0) {
                        Volumes.write(data.gridTemplate().withVoxels(changed), run.resolve(exampleName(file)));
                        String cleanFile = cleanExampleName(batch.get(i).id());
                        if (!run.exists(cleanFile)) {
                            Volumes.write(data.gridTemplate().withVoxels(image), run.resolve(cleanFile));
                        }
                    }
                }
            }
        } catch (ContributionFailedException e) { // the attack (or a context extractor) could not be created, or broke the contract
            failures.record(e.failure());
            return failed(cell, threatModel, e.failure().message());
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) { // a plug-in's failure is its cell's result, not the run's end
            ContributionFailure failure = ContributionFailure.of(ContributionKind.ATTACK, cell.attack, ContributionFailure.ATTACKING, e)
                    .forModel(cell.target.id());
            failures.record(failure);
            return failed(cell, threatModel, failure.message());
        }
        return new CellResult(cell.target.id(), cell.attack, cell.parameters.values(), threatModel, cell.direction.id(), cell.epsilon,
                craftedOn(cell), outcomes, Optional.empty());
    }

    /** A result that breaks the attack contract fails its cell, as if the attack had thrown. */
    private static void refuse(Cell cell, Optional<String> violation) throws ContributionFailedException {
        if (violation.isPresent()) {
            throw new ContributionFailedException(new ContributionFailure(ContributionKind.ATTACK, cell.attack,
                    ContributionFailure.ATTACKING, Optional.of(cell.target.id()), "broke the attack contract ("
                            + cell.direction.id() + ", epsilon " + cell.epsilon
                            + (cell.source == cell.target ? "" : ", crafted on " + cell.source.id()) + "): " + violation.get()),
                    null);
        }
    }

    private static List<String> ids(List<PreparedSubject> subjects) {
        return subjects.stream().map(PreparedSubject::id).toList();
    }

    private static CellResult failed(Cell cell, String threatModel, String error) {
        return new CellResult(cell.target.id(), cell.attack, cell.parameters.values(), threatModel, cell.direction.id(), cell.epsilon,
                craftedOn(cell), List.of(), Optional.of(error));
    }

    private static Optional<String> craftedOn(Cell cell) {
        return cell.source == cell.target ? Optional.empty() : Optional.of(cell.source.id());
    }

    /** The adversarial image of a cell's first subject, for figures and the workbench. */
    static String exampleName(String cellFile) {
        return EXAMPLES_FOLDER + "/" + cellFile.substring(CellFiles.CELLS_FOLDER.length() + 1).replace(".json", ".nii.gz");
    }

    static String cleanExampleName(String subject) {
        return EXAMPLES_FOLDER + "/clean--" + subject + ".nii.gz";
    }

    /**
     * A model's batch; when its context is computed from the image by a differentiable extractor,
     * with that path, so that an adaptive attack can follow it (other attacks leave the context fixed).
     */
    private ModelInput input(TrainedModel model, List<PreparedSubject> subjects)
            throws DatasetException, InvalidExperimentException, ContributionFailedException {
        ModelInput input = Batches.of(subjects, model.model().metadata());
        Optional<ModelMetadata.ContextSpec> context = model.model().metadata().context();
        if (context.isEmpty()) {
            return input;
        }
        ContextExtractor extractor = extractors.get(context.get().extractor(), model.segmenter());
        if (!(extractor instanceof DifferentiableContextExtractor differentiable)) {
            return input;
        }
        Volume grid = data.gridTemplate();
        return new ModelInput(input.images(), input.context(), Optional.of(new ExtractedContextPath(differentiable,
                data.labels(subjects), grid, context.get().standardisation())));
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

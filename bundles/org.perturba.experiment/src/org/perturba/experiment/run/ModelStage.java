package org.perturba.experiment.run;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.core.registry.ContextSource;
import org.perturba.core.registry.ContributionKind;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.InvalidExperimentException;
import org.perturba.experiment.spec.ModelSpec;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.GraphBrainAgeModel;
import org.perturba.model.ModelFactory;
import org.perturba.model.ModelFiles;
import org.perturba.model.ModelMetadata;
import org.perturba.model.training.DatasetPreparation;
import org.perturba.model.training.Evaluation;
import org.perturba.model.training.PreparedSubject;
import org.perturba.model.training.Trainer;
import org.perturba.model.training.TrainingProgress;

/**
 * Trains or loads every model of the experiment and measures it on the test split. A trained model
 * is saved in {@code models/} as soon as it is trained, so a resumed run loads it instead of
 * training it again. A model whose contribution (or context extractor) throws is recorded as a
 * failure and left out; the other models go on.
 */
final class ModelStage {
    static final String MODELS_FOLDER = "models";

    private final Contributions contributions;
    private final ContextExtractors extractors;
    private final RunDirectory run;
    private final ExperimentProgress progress;
    private final Failures failures;

    ModelStage(Contributions contributions, ContextExtractors extractors, RunDirectory run, ExperimentProgress progress,
            Failures failures) {
        this.contributions = contributions;
        this.extractors = extractors;
        this.run = run;
        this.progress = progress;
        this.failures = failures;
    }

    /**
     * The models that could be trained or loaded and measured, in the experiment's order.
     *
     * @param segmenters the experiment's segmenters: a model whose context is measured through one
     *        records its identity, and a loaded one must have been trained with it
     */
    List<TrainedModel> models(ExperimentSpec spec, ExperimentData data, List<TrainedSegmenter> segmenters)
            throws IOException, DatasetException, InvalidExperimentException {
        Map<String, String> identities = new HashMap<>();
        segmenters.forEach(segmenter -> identities.put(segmenter.id(), segmenter.sha256()));
        List<TrainedModel> models = new ArrayList<>();
        for (ModelSpec model : spec.models()) {
            try {
                models.add(model.trained() ? trained(model, spec, data, identities) : loaded(model, spec, data, identities));
            } catch (ContributionFailedException e) {
                failures.record(e.failure().forModel(model.id()));
            }
        }
        return models;
    }

    private TrainedModel trained(ModelSpec spec, ExperimentSpec experiment, ExperimentData data, Map<String, String> identities)
            throws IOException, DatasetException, InvalidExperimentException, ContributionFailedException {
        String kind = spec.kind().orElseThrow();
        Optional<String> segmenter = segmenter(spec.context(), spec, experiment);
        ModelFactory factory = contributions.create(ContributionKind.MODEL, kind, ModelFactory.class);
        PreparedSplit subjects = data.prepared(DatasetPreparation.NORMALISATION, spec.context(), segmenter, progress);
        String file = MODELS_FOLDER + "/" + spec.id() + ".zip";
        GraphBrainAgeModel model;
        if (run.exists(file) && run.exists(MODELS_FOLDER + "/" + ModelFiles.sidecar(run.resolve(file)).getFileName())) {
            progress.note("model '" + spec.id() + "' was trained by the interrupted run: loading it");
            model = ModelFiles.loadTrained(run.resolve(file));
        } else {
            progress.stage("training " + spec.id(), spec.training().epochs());
            model = Isolation.call(ContributionKind.MODEL, kind, ContributionFailure.TRAINING, () -> new Trainer().train(factory,
                    kind, spec.context(), data.grid(), subjects.train(), subjects.validation(), spec.training(),
                    new TrainingProgress() {
                        @Override
                        public void epochDone(int epoch, int epochs, double loss, double mae, boolean best) {
                            progress.advance(epoch);
                        }

                        @Override
                        public boolean isCancelled() {
                            return progress.isCancelled();
                        }
                    }));
            ModelMetadata metadata = model.metadata().withGridAffine(data.gridTemplate().affine());
            if (segmenter.isPresent()) {
                metadata = metadata.withSegmenter(identities.get(segmenter.get()));
            }
            model = new GraphBrainAgeModel(model.network(), metadata);
            Files.createDirectories(run.resolve(MODELS_FOLDER));
            ModelFiles.save(model, run.resolve(file));
        }
        return evaluated(spec.id(), model, segmenter, subjects);
    }

    /** The segmenter a model's context is measured through, when its extractor measures through one. */
    private Optional<String> segmenter(Optional<String> context, ModelSpec model, ExperimentSpec experiment)
            throws InvalidExperimentException {
        return context.isPresent() && extractors.measuresThroughSegmenter(context.get()) ? experiment.segmenterOf(model)
                : Optional.empty();
    }

    private TrainedModel loaded(ModelSpec spec, ExperimentSpec experiment, ExperimentData data, Map<String, String> identities)
            throws IOException, DatasetException, InvalidExperimentException, ContributionFailedException {
        BrainAgeModel model = ModelFiles.load(spec.load().orElseThrow());
        ModelMetadata metadata = model.metadata();
        if (!Arrays.equals(metadata.grid(), data.grid())) {
            throw new InvalidExperimentException("model '" + spec.id() + "' takes a " + text(metadata.grid())
                    + " grid but the data lies on " + text(data.grid()));
        }
        Optional<String> context = metadata.context().map(ModelMetadata.ContextSpec::extractor);
        Optional<String> segmenter = segmenter(context, spec, experiment);
        Optional<String> trainedWith = metadata.context().flatMap(ModelMetadata.ContextSpec::segmenter);
        if (segmenter.isPresent() && trainedWith.isPresent() && !trainedWith.get().equals(identities.get(segmenter.get()))) {
            throw new InvalidExperimentException("model '" + spec.id() + "' was trained on context measured by another segmenter ("
                    + trainedWith.get() + ") than '" + segmenter.get() + "' (" + identities.get(segmenter.get())
                    + "): give it the segmenter it was trained with");
        }
        PreparedSplit subjects = data.prepared(metadata.inputNormalisation(), context, segmenter, progress);
        if (!metadata.inputNormalisation().alwaysInUnitRange()) {
            requireUnitRange(spec.id(), subjects);
        }
        return evaluated(spec.id(), model, segmenter, subjects);
    }

    /**
     * Attacks measure budgets and clip images in [0, 1] units: a model that reads images as stored
     * (normalisation {@code none}) can be attacked only on images already in that range.
     */
    private static void requireUnitRange(String model, PreparedSplit subjects) throws InvalidExperimentException {
        for (PreparedSubject subject : Stream.of(subjects.train(), subjects.validation(), subjects.test()).flatMap(List::stream).toList()) {
            for (float value : subject.image()) {
                if (!(value >= 0 && value <= 1)) {
                    throw new InvalidExperimentException("model '" + model + "' reads images as stored (normalisation none), but"
                            + " subject " + subject.id() + " has intensity " + value + " outside [0, 1], where attacks measure their"
                            + " budgets: give the model's card the normalisation it was trained with (min-max, z-score, ...)");
                }
            }
        }
    }

    private TrainedModel evaluated(String id, BrainAgeModel model, Optional<String> segmenter, PreparedSplit subjects)
            throws ContributionFailedException {
        Evaluation test = Isolation.call(ContributionKind.MODEL, model.metadata().kind(), ContributionFailure.PREDICTING,
                () -> Evaluation.of(model, subjects.test()));
        Optional<ContextSource> source = model.metadata().context().flatMap(context -> extractors.source(context.extractor()));
        return new TrainedModel(id, model, source, segmenter, subjects, test);
    }

    private static String text(int[] grid) {
        return grid[0] + "x" + grid[1] + "x" + grid[2];
    }
}

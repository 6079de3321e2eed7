package org.perturba.experiment.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.ContextExtractor;
import org.perturba.anatomy.LabelMap;
import org.perturba.anatomy.cohort.AgeingModel;
import org.perturba.anatomy.cohort.CohortGenerator;
import org.perturba.anatomy.cohort.CohortSpec;
import org.perturba.anatomy.dataset.BidsDataset;
import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.anatomy.dataset.DatasetSplit;
import org.perturba.anatomy.dataset.Participant;
import org.perturba.anatomy.template.Template;
import org.perturba.core.registry.ContributionKind;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.InvalidExperimentException;
import org.perturba.experiment.spec.ModelSpec;
import org.perturba.imaging.InputNormalisation;
import org.perturba.imaging.Interpolation;
import org.perturba.imaging.Volume;
import org.perturba.model.ModelFiles;
import org.perturba.model.ModelMetadata;
import org.perturba.model.ModelSpace;
import org.perturba.model.training.DatasetPreparation;
import org.perturba.model.training.PreparedSubject;

/**
 * The subjects of a run: the dataset (generated into the run folder when the experiment asks for a
 * cohort), its split by the experiment's seed, and the subjects prepared for each context extractor
 * the models need, prepared once and shared. The run's grid is the dataset's own, or, when the
 * experiment loads models on another grid, theirs: the scans are then put onto it by world
 * coordinates as {@code perturba conform} does.
 */
final class ExperimentData {
    static final String COHORT_FOLDER = "cohort";
    /** Written after the cohort is complete: a cohort folder without it was interrupted. */
    private static final String COHORT_COMPLETE = COHORT_FOLDER + "/.complete";
    private static final String NO_CONTEXT = "";

    private final BidsDataset dataset;
    private final DatasetSplit split;
    private final int[] grid;
    private final Volume gridTemplate;
    /** The loaded models' grid, when the scans are put onto it by world coordinates. */
    private final Optional<ModelMetadata> modelSpace;
    private final ContextExtractors extractors;
    private final Map<String, PreparedSplit> prepared = new HashMap<>();
    private final Map<String, ContributionFailedException> failed = new HashMap<>();

    private ExperimentData(BidsDataset dataset, DatasetSplit split, Volume gridTemplate, Optional<ModelMetadata> modelSpace,
            ContextExtractors extractors) {
        this.dataset = dataset;
        this.split = split;
        this.grid = gridTemplate.shape();
        this.gridTemplate = gridTemplate;
        this.modelSpace = modelSpace;
        this.extractors = extractors;
    }

    /**
     * The run's dataset, generated into the run folder when the experiment asks for a cohort (once,
     * whatever the number of seeds: the seeds repeat the split, not the data).
     */
    static BidsDataset dataset(ExperimentSpec spec, RunDirectory run, ExperimentProgress progress) throws IOException, DatasetException {
        BidsDataset dataset;
        if (spec.dataset().cohort().isPresent()) {
            CohortSpec cohort = spec.dataset().cohort().get();
            if (!run.exists(COHORT_COMPLETE)) {
                run.delete(COHORT_FOLDER);
                progress.stage("generating a cohort of " + cohort.subjects() + " subjects", cohort.subjects());
                new CohortGenerator(Template.colin27(), new AgeingModel()).generate(cohort, run.resolve(COHORT_FOLDER),
                        (done, total) -> progress.advance(done));
                run.write(COHORT_COMPLETE, cohort.toString() + "\n");
            }
            dataset = BidsDataset.open(run.resolve(COHORT_FOLDER));
        } else {
            dataset = BidsDataset.open(spec.dataset().path().get());
        }
        if (dataset.participants().isEmpty()) {
            throw new DatasetException(dataset.root() + ": participants.tsv lists no subject");
        }
        dataset.requireCommonGrid();
        return dataset;
    }

    /**
     * The subjects of a run with the experiment's (first) seed: the dataset split by it, on the
     * dataset's grid or, when the loaded models lie on another ({@link #modelSpace}), on theirs.
     */
    static ExperimentData split(ExperimentSpec spec, BidsDataset dataset, ContextExtractors extractors)
            throws DatasetException, InvalidExperimentException, IOException {
        Volume first = dataset.load(dataset.participants().get(0)).t1w();
        DatasetSplit split = DatasetSplit.forModel(dataset, spec.seed());
        Optional<ModelMetadata> space = modelSpace(spec, first);
        Volume template = space.map(model -> Volume.zeros(model.grid(), model.gridAffine().orElseThrow())).orElse(first);
        return new ExperimentData(dataset, split, template, space, extractors);
    }

    /**
     * The grid of the models the experiment loads, when the scans are not on it already: every loaded
     * model that needs the scans resampled must record where its grid lies, and all must share it.
     */
    private static Optional<ModelMetadata> modelSpace(ExperimentSpec spec, Volume scan) throws InvalidExperimentException, IOException {
        Optional<ModelMetadata> space = Optional.empty();
        for (ModelSpec model : spec.models()) {
            if (model.load().isEmpty()) {
                continue;
            }
            ModelMetadata metadata = ModelFiles.load(model.load().get()).metadata();
            if (!ModelSpace.needsResampling(scan, true, metadata)) {
                continue;
            }
            if (metadata.gridAffine().isEmpty()) {
                throw new InvalidExperimentException("model '" + model.id() + "' takes a " + text(metadata.grid()) + " grid, the data lies on "
                        + text(scan.shape()) + ", and the model records no world position of its grid: put the scans on its grid first");
            }
            if (space.isPresent() && ModelSpace.needsResampling(Volume.zeros(space.get().grid(), space.get().gridAffine().get()), true,
                    metadata)) {
                throw new InvalidExperimentException("the loaded models lie on different grids (model '" + model.id() + "' on "
                        + text(metadata.grid()) + "): one run puts the scans on one grid");
            }
            space = Optional.of(metadata);
        }
        if (space.isPresent() && !spec.segmenters().isEmpty()) {
            throw new InvalidExperimentException("the loaded models lie on another grid than the data, and segmenters are trained on the"
                    + " data's own: put the scans on the models' grid first (perturba conform IMAGE --like MODEL)");
        }
        return space;
    }

    private static String text(int[] shape) {
        return shape[0] + "x" + shape[1] + "x" + shape[2];
    }

    int[] grid() {
        return grid.clone();
    }

    /** A volume on the data's grid (its voxels are a subject's: use only its shape and affine). */
    Volume gridTemplate() {
        return gridTemplate;
    }

    Path root() {
        return dataset.root();
    }

    int subjects() {
        return dataset.participants().size();
    }

    BidsDataset dataset() {
        return dataset;
    }

    DatasetSplit split() {
        return split;
    }

    /**
     * The subjects prepared for models with this normalisation and context extractor (or none),
     * measuring through this segmenter when the extractor needs one, prepared on first use.
     *
     * @throws ContributionFailedException when the extractor cannot be created or throws while extracting
     *         (remembered: the models that share it fail the same way without running it again)
     */
    PreparedSplit prepared(InputNormalisation normalisation, Optional<String> contextExtractor, Optional<String> segmenter,
            ExperimentProgress progress) throws DatasetException, InvalidExperimentException, ContributionFailedException {
        String key = normalisation.text() + "|" + contextExtractor.map(id -> ContextExtractors.key(id, segmenter)).orElse(NO_CONTEXT);
        if (failed.containsKey(key)) {
            throw failed.get(key);
        }
        PreparedSplit cached = prepared.get(key);
        if (cached != null) {
            return cached;
        }
        try {
            PreparedSplit split = sharingImages(prepare(normalisation, contextExtractor, segmenter, progress));
            prepared.put(key, split);
            return split;
        } catch (ContributionFailedException e) {
            failed.put(key, e);
            throw e;
        }
    }

    private PreparedSplit prepare(InputNormalisation normalisation, Optional<String> contextExtractor, Optional<String> segmenter,
            ExperimentProgress progress) throws DatasetException, InvalidExperimentException, ContributionFailedException {
        Optional<ContextExtractor> extractor = contextExtractor.isEmpty() ? Optional.empty()
                : Optional.of(extractors.get(contextExtractor.get(), segmenter));
        DatasetPreparation preparation = modelSpace.isPresent()
                ? new DatasetPreparation(dataset, modelSpace.get(), normalisation, extractor)
                : new DatasetPreparation(dataset, grid, normalisation, extractor, false);
        progress.stage("preparing " + dataset.participants().size() + " subjects"
                + contextExtractor.map(id -> " with " + id + " context").orElse(""), dataset.participants().size());
        int[] done = { 0 };
        DatasetPreparation.Progress counting = (count, total) -> {
            synchronized (done) {
                done[0]++;
                progress.advance(done[0]);
            }
        };
        try { // the extractor runs inside the preparation: what it throws is its failure, not the data's
            return prepare(preparation, counting);
        } catch (CancellationException e) {
            throw e;
        } catch (ContextExtractionException | RuntimeException | LinkageError e) {
            if (contextExtractor.isEmpty()) { // no plug-in involved: a bug of Perturba's, not isolated
                throw new IllegalStateException("preparing the subjects failed: " + ContributionFailure.messageOf(e), e);
            }
            throw new ContributionFailedException(ContributionFailure.of(ContributionKind.CONTEXT, contextExtractor.get(),
                    ContributionFailure.EXTRACTING, e), e);
        }
    }

    /**
     * The split with the image and mask arrays of an earlier preparation wherever they are the same
     * (for models of one normalisation they are: only the context differs), so that the models of one
     * run hold each subject's image once. At 2 mm a subject's image and mask take 5 MB: 300 subjects
     * prepared for a conventional and a hybrid model took 3 GB of heap instead of 1.5.
     */
    private PreparedSplit sharingImages(PreparedSplit split) {
        Map<String, PreparedSubject> earlier = new HashMap<>();
        prepared.values().stream().findFirst().ifPresent(other -> Stream.of(other.train(), other.validation(), other.test())
                .flatMap(List::stream).forEach(subject -> earlier.put(subject.id(), subject)));
        if (earlier.isEmpty()) {
            return split;
        }
        UnaryOperator<List<PreparedSubject>> sharing = subjects -> subjects.stream().map(subject -> {
            PreparedSubject same = earlier.get(subject.id());
            return same != null && Arrays.equals(same.image(), subject.image()) && Arrays.equals(same.brainMask(), subject.brainMask())
                    ? new PreparedSubject(subject.id(), subject.age(), same.image(), same.brainMask(), subject.context())
                    : subject;
        }).toList();
        return new PreparedSplit(sharing.apply(split.train()), sharing.apply(split.validation()), sharing.apply(split.test()));
    }

    private PreparedSplit prepare(DatasetPreparation preparation, DatasetPreparation.Progress counting)
            throws DatasetException, ContextExtractionException {
        return new PreparedSplit(preparation.prepare(split.train(), counting), preparation.prepare(split.validation(), counting),
                preparation.prepare(split.test(), counting));
    }

    /**
     * The label maps of some subjects on the data's grid, where the dataset has them: what a context
     * read from labels is computed within (a context read from the image alone needs none).
     */
    /** A label map on the run's grid: as stored, or put on the models' grid (to the nearest label). */
    private Volume onGrid(Volume labels) {
        return modelSpace.map(space -> ModelSpace.onGrid(labels, true, space, Interpolation.NEAREST)).orElse(labels);
    }

    List<Optional<LabelMap>> labels(List<PreparedSubject> subjects) throws DatasetException {
        Map<String, Participant> byId = new HashMap<>();
        dataset.participants().forEach(participant -> byId.put(participant.id(), participant));
        List<Optional<LabelMap>> labels = new ArrayList<>();
        for (PreparedSubject subject : subjects) {
            labels.add(dataset.load(byId.get(subject.id())).dseg().map(dseg -> new LabelMap(onGrid(dseg), dataset.labelNames())));
        }
        return labels;
    }
}

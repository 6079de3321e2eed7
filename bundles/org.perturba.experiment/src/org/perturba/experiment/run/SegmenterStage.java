package org.perturba.experiment.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.anatomy.dataset.Participant;
import org.perturba.imaging.io.Sha256;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.InvalidExperimentException;
import org.perturba.experiment.spec.SegmenterSpec;
import org.perturba.segmentation.RegionScheme;
import org.perturba.segmentation.SegmentationData;
import org.perturba.segmentation.SegmentationExample;
import org.perturba.segmentation.SegmenterEvaluation;
import org.perturba.segmentation.SegmenterFiles;
import org.perturba.segmentation.SegmenterProgress;
import org.perturba.segmentation.SegmenterTrainer;
import org.perturba.segmentation.UNetSegmenter;

/**
 * Trains or loads every segmenter of the experiment, before the models whose context is measured
 * through one, and measures it on the test split. A segmenter trains on the training split's label
 * maps only (validation for early stopping), so the test subjects it is measured and attacked on are
 * unseen. A trained segmenter is saved in {@code models/segmenters/} at once, so a resumed run loads it.
 */
final class SegmenterStage {
    static final String FOLDER = ModelStage.MODELS_FOLDER + "/segmenters";

    private final RunDirectory run;
    private final ExperimentProgress progress;

    SegmenterStage(RunDirectory run, ExperimentProgress progress) {
        this.run = run;
        this.progress = progress;
    }

    /** Every segmenter of the experiment, in its order, each made available to {@code extractors}. */
    List<TrainedSegmenter> segmenters(ExperimentSpec spec, ExperimentData data, ContextExtractors extractors)
            throws IOException, DatasetException, InvalidExperimentException {
        List<TrainedSegmenter> segmenters = new ArrayList<>();
        for (SegmenterSpec segmenter : spec.segmenters()) {
            TrainedSegmenter ready = segmenter.trained() ? trained(segmenter, data) : loaded(segmenter, data);
            extractors.addSegmenter(ready.id(), ready.segmenter());
            segmenters.add(ready);
        }
        return segmenters;
    }

    private TrainedSegmenter trained(SegmenterSpec spec, ExperimentData data)
            throws IOException, DatasetException, InvalidExperimentException {
        RegionScheme scheme = scheme(spec, data);
        String file = FOLDER + "/" + spec.id() + ".zip";
        UNetSegmenter segmenter;
        if (run.exists(file) && Files.isRegularFile(SegmenterFiles.sidecar(run.resolve(file)))) {
            progress.note("segmenter '" + spec.id() + "' was trained by the interrupted run: loading it");
            segmenter = SegmenterFiles.load(run.resolve(file));
        } else {
            List<SegmentationExample> train = examples(data, data.split().train(), scheme);
            List<SegmentationExample> validation = examples(data, data.split().validation(), scheme);
            progress.stage("training segmenter " + spec.id() + " on " + train.size() + " subjects' label maps",
                    spec.training().epochs());
            segmenter = new SegmenterTrainer().train(scheme, data.grid(), train, validation, spec.training(), new SegmenterProgress() {
                @Override
                public void epochDone(int epoch, int epochs, double loss, double validationDice, boolean best) {
                    progress.advance(epoch);
                }

                @Override
                public boolean isCancelled() {
                    return progress.isCancelled();
                }
            });
            Files.createDirectories(run.resolve(FOLDER));
            SegmenterFiles.save(segmenter, run.resolve(file));
        }
        return evaluated(spec.id(), segmenter, run.resolve(file), data, scheme);
    }

    private TrainedSegmenter loaded(SegmenterSpec spec, ExperimentData data)
            throws IOException, DatasetException, InvalidExperimentException {
        Path file = spec.load().orElseThrow();
        UNetSegmenter segmenter = SegmenterFiles.load(file);
        if (!Arrays.equals(segmenter.grid(), data.grid())) {
            throw new InvalidExperimentException("segmenter '" + spec.id() + "' works on a " + text(segmenter.grid())
                    + " grid but the data lies on " + text(data.grid()));
        }
        if (!segmenter.metadata().scheme().equals(spec.regions())) {
            throw new InvalidExperimentException("segmenter '" + spec.id() + "' was trained on the regions '"
                    + segmenter.metadata().scheme() + "', not '" + spec.regions() + "' (leave out \"regions\" or give that)");
        }
        return evaluated(spec.id(), segmenter, file, data, scheme(spec, data));
    }

    private TrainedSegmenter evaluated(String id, UNetSegmenter segmenter, Path file, ExperimentData data, RegionScheme scheme)
            throws IOException, DatasetException {
        List<SegmentationExample> test = examples(data, data.split().test(), scheme);
        progress.stage("measuring segmenter " + id + " on " + test.size() + " test subjects", 1);
        SegmenterEvaluation evaluation = SegmenterEvaluation.of(segmenter, test);
        progress.advance(1);
        return new TrainedSegmenter(id, segmenter, Sha256.ofFile(file), evaluation);
    }

    private static List<SegmentationExample> examples(ExperimentData data, List<Participant> participants, RegionScheme scheme)
            throws DatasetException {
        return SegmentationData.prepare(data.dataset(), data.grid(), participants, scheme);
    }

    private static RegionScheme scheme(SegmenterSpec spec, ExperimentData data) throws InvalidExperimentException {
        try {
            return RegionScheme.named(spec.regions(), data.dataset().labelNames());
        } catch (IllegalArgumentException e) {
            throw new InvalidExperimentException("segmenter '" + spec.id() + "': " + e.getMessage());
        }
    }

    private static String text(int[] grid) {
        return grid[0] + "x" + grid[1] + "x" + grid[2];
    }
}

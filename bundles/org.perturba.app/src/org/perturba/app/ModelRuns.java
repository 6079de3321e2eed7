package org.perturba.app;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.ContextExtractor;
import org.perturba.anatomy.dataset.BidsDataset;
import org.perturba.anatomy.segmentation.SegmentationContextExtractor;
import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.anatomy.dataset.DatasetSplit;
import org.perturba.anatomy.dataset.Participant;
import org.perturba.core.registry.ContributionKind;
import org.perturba.dl4j.Nd4jRuntime;
import org.perturba.imaging.io.Sha256;
import org.perturba.model.training.DatasetPreparation;
import org.perturba.model.training.Evaluation;
import org.perturba.model.training.PreparedSubject;
import org.perturba.segmentation.SegmenterFiles;

/** What the train and evaluate commands share: opening datasets, preparing subjects, reporting metrics. */
final class ModelRuns {
    private ModelRuns() {
    }

    /** Loads the ND4J backend, failing in one line when the requested one is not there. */
    static void requireBackend() throws CommandFailedException {
        try {
            Nd4jRuntime.initialise();
        } catch (RuntimeException | LinkageError e) {
            throw new CommandFailedException("the ND4J backend did not load: " + e.getMessage(), e);
        }
    }

    static BidsDataset open(Path directory) throws CommandFailedException {
        try {
            return BidsDataset.open(directory);
        } catch (DatasetException e) {
            String message = e.getMessage();
            throw new CommandFailedException(message.startsWith(directory.toString()) ? message : directory + ": " + message, e);
        }
    }

    /** The dataset's split by {@code seed}, refused when a set would be empty (the rule {@code run} follows). */
    static DatasetSplit split(BidsDataset dataset, long seed) throws CommandFailedException {
        try {
            return DatasetSplit.forModel(dataset, seed);
        } catch (DatasetException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
    }

    /**
     * A model's context: its extractor, bound to the segmenter {@code --segmenter} names when the
     * extractor measures the image through one, and that segmenter's identity (the SHA-256 of its zip).
     */
    record Context(Optional<ContextExtractor> extractor, Optional<String> segmenter) {
    }

    static Context context(Plugins plugins, Optional<String> id, Optional<Path> segmenterFile)
            throws UsageException, CommandFailedException {
        if (id.isEmpty()) {
            if (segmenterFile.isPresent()) {
                throw new UsageException("--segmenter serves a context measured through it: this model takes no context");
            }
            return new Context(Optional.empty(), Optional.empty());
        }
        ContextExtractor extractor = plugins.create(ContributionKind.CONTEXT, id.get(), ContextExtractor.class);
        if (!(extractor instanceof SegmentationContextExtractor measuring)) {
            if (segmenterFile.isPresent()) {
                throw new UsageException("the context extractor '" + id.get() + "' does not measure through a segmenter: drop --segmenter");
            }
            return new Context(Optional.of(extractor), Optional.empty());
        }
        Path file = segmenterFile.orElseThrow(() -> new UsageException("the context extractor '" + id.get()
                + "' measures the image through a segmentation model: give --segmenter SEGMENTER.zip (perturba train-segmenter)"));
        try {
            return new Context(Optional.of(measuring.using(SegmenterFiles.load(file))), Optional.of(Sha256.ofFile(file)));
        } catch (NoSuchFileException e) {
            throw new CommandFailedException(file + ": no such segmenter file", e);
        } catch (IOException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
    }

    static List<PreparedSubject> prepare(DatasetPreparation preparation, List<Participant> participants, String what,
            Console console) throws CommandFailedException {
        int step = Math.max(1, participants.size() / 5);
        try {
            return preparation.prepare(participants, (done, total) -> {
                if (done % step == 0 || done == total) {
                    console.err().printf(Locale.ROOT, "perturba: preparing %s subjects %d/%d%n", what, done, total);
                }
            });
        } catch (DatasetException | ContextExtractionException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
    }

    static void report(String what, Evaluation evaluation, Console console) {
        console.out().printf(Locale.ROOT, "%s: %d subjects, MAE %.2f years, RMSE %.2f, r %.3f, brain-age-gap slope %.3f%n",
                what, evaluation.subjects(), evaluation.mae(), evaluation.rmse(), evaluation.pearson(), evaluation.gapSlope());
    }
}

package org.perturba.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.ContextExtractor;
import org.perturba.anatomy.dataset.BidsDataset;
import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.anatomy.dataset.DatasetSplit;
import org.perturba.anatomy.dataset.Participant;
import org.perturba.core.registry.ContributionKind;
import org.perturba.dl4j.Nd4jRuntime;
import org.perturba.model.training.DatasetPreparation;
import org.perturba.model.training.Evaluation;
import org.perturba.model.training.PreparedSubject;

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

    static Optional<ContextExtractor> extractor(Plugins plugins, Optional<String> id)
            throws UsageException, CommandFailedException {
        return id.isEmpty() ? Optional.empty()
                : Optional.of(plugins.create(ContributionKind.CONTEXT, id.get(), ContextExtractor.class));
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

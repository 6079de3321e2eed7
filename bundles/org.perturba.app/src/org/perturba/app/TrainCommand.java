package org.perturba.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.perturba.anatomy.dataset.BidsDataset;
import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.anatomy.dataset.DatasetSplit;
import org.perturba.anatomy.dataset.Participant;
import org.perturba.core.registry.ContributionKind;
import org.perturba.model.GraphBrainAgeModel;
import org.perturba.model.ModelFactory;
import org.perturba.model.ModelFiles;
import org.perturba.model.training.DatasetPreparation;
import org.perturba.model.training.Evaluation;
import org.perturba.model.training.PreparedSubject;
import org.perturba.model.training.Trainer;
import org.perturba.model.training.TrainingSpec;

/**
 * {@code perturba train}: trains a brain-age model on a BIDS-like dataset (70/15/15 split by seed),
 * saves it with its metadata and reports its MAE on the held-out test split.
 */
final class TrainCommand implements Command {
    private static final String DEFAULT_CONTEXT = "label-volumes";
    private final Plugins plugins;

    TrainCommand(Plugins plugins) {
        this.plugins = plugins;
    }

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String synopsis() {
        return "--data DIR --model ID --out MODEL.zip [--context ID] [--epochs N] [--batch N] [--seed S] [--grid N]"
                + " [--patience N] [--no-augment] [--force]";
    }

    @Override
    public String summary() {
        return "train a brain-age model (conventional, hybrid, ...) and report its test MAE";
    }

    @Override
    public int run(List<String> arguments, Console console) throws UsageException, CommandFailedException {
        Arguments.Parsed parsed = Arguments.of(name()).option("--data").option("--model").option("--out")
                .option("--context").option("--epochs").option("--batch").option("--seed").option("--grid")
                .option("--patience").flag("--no-augment").flag("--force").parse(arguments);
        Path data = Path.of(parsed.required("--data"));
        String kind = parsed.required("--model");
        Path out = Path.of(parsed.required("--out"));
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            throw new UsageException("--out must name a .zip file: " + out);
        }
        if ((Files.exists(out) || Files.exists(ModelFiles.sidecar(out))) && !parsed.has("--force")) {
            throw new CommandFailedException(out + ": already exists (add --force to replace it)");
        }
        TrainingSpec spec;
        try {
            spec = new TrainingSpec(parsed.intValue("--epochs", TrainingSpec.DEFAULT_EPOCHS),
                    parsed.intValue("--batch", TrainingSpec.DEFAULT_BATCH), parsed.longValue("--seed", 1),
                    parsed.intValue("--patience", TrainingSpec.DEFAULT_PATIENCE), !parsed.has("--no-augment"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ModelFactory factory = plugins.create(ContributionKind.MODEL, kind, ModelFactory.class);
        Optional<String> context = parsed.value("--context");
        if (factory.usesContext() && context.isEmpty()) {
            context = Optional.of(DEFAULT_CONTEXT);
        } else if (!factory.usesContext() && context.isPresent()) {
            throw new UsageException("the " + kind + " model takes no context features: drop --context");
        }
        ModelRuns.requireBackend();
        BidsDataset dataset = ModelRuns.open(data);
        int[] grid = grid(parsed, dataset);
        DatasetSplit split = DatasetSplit.of(dataset.participants(), spec.seed());
        DatasetPreparation preparation = new DatasetPreparation(dataset, grid, ModelRuns.extractor(plugins, context),
                parsed.value("--grid").isPresent());
        List<PreparedSubject> training = ModelRuns.prepare(preparation, split.train(), "training", console);
        List<PreparedSubject> validation = ModelRuns.prepare(preparation, split.validation(), "validation", console);
        List<PreparedSubject> test = ModelRuns.prepare(preparation, split.test(), "test", console);
        long start = System.nanoTime();
        GraphBrainAgeModel model;
        try {
            model = new Trainer().train(factory, kind, context, grid, training, validation, spec,
                    (epoch, epochs, loss, mae, best) -> console.err().printf(Locale.ROOT,
                            "perturba: epoch %d/%d: training loss %.4f, validation MAE %.2f years%s%n", epoch, epochs, loss,
                            mae, best ? " (best)" : ""));
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
        try {
            ModelFiles.save(model, out);
        } catch (IOException e) {
            throw new CommandFailedException(out + ": " + e.getMessage(), e);
        }
        console.out().printf(Locale.ROOT, "trained %s on %d subjects (%d validation) in %.0f s; saved %s and %s%n", kind,
                training.size(), validation.size(), (System.nanoTime() - start) / 1e9, out, ModelFiles.sidecar(out).getFileName());
        if (!test.isEmpty()) {
            ModelRuns.report("test", Evaluation.of(model, test), console);
        }
        return 0;
    }

    /** The --grid asked for, else the grid of the dataset's images. */
    private static int[] grid(Arguments.Parsed parsed, BidsDataset dataset) throws UsageException, CommandFailedException {
        if (parsed.value("--grid").isPresent()) {
            int side = parsed.intValue("--grid", 0);
            return new int[] { side, side, side };
        }
        List<Participant> participants = new ArrayList<>(dataset.participants());
        if (participants.isEmpty()) {
            throw new CommandFailedException(dataset.root() + ": participants.tsv lists no subject");
        }
        try {
            return dataset.load(participants.get(0)).t1w().shape();
        } catch (DatasetException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
    }
}

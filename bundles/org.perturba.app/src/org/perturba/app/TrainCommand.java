package org.perturba.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.perturba.anatomy.dataset.BidsDataset;
import org.perturba.anatomy.dataset.DatasetSplit;
import org.perturba.core.registry.ContributionKind;
import org.perturba.experiment.spec.GridRequest;
import org.perturba.model.GraphBrainAgeModel;
import org.perturba.model.ModelFactory;
import org.perturba.model.ModelFiles;
import org.perturba.model.ModelMetadata;
import org.perturba.model.training.DatasetPreparation;
import org.perturba.model.training.Evaluation;
import org.perturba.model.training.PreparedSubject;
import org.perturba.model.training.Trainer;
import org.perturba.model.training.TrainingSpec;

/**
 * {@code perturba train}: trains a brain-age model on a BIDS-like dataset (70/15/15 split by seed),
 * saves it with its metadata and reports its MAE on the held-out test split. Everything that can be
 * checked without preparing a subject is checked first (options, context, outputs, split, grid,
 * memory): a mistake must not cost a training run. A model that takes context needs {@code --context}
 * (no silent default), as in experiment files.
 */
final class TrainCommand implements Command {
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
        return "--data DIR --model ID --out MODEL.zip [--context ID [--segmenter SEGMENTER.zip]] [--epochs N] [--batch N] [--seed S] [--grid N|NxNxN|Xmm]"
                + " [--patience N] [--no-augment] [--force]";
    }

    @Override
    public String summary() {
        return "train a brain-age model (conventional, hybrid, ...) and report its test MAE";
    }

    @Override
    public int run(List<String> arguments, Console console) throws UsageException, CommandFailedException {
        Arguments.Parsed parsed = Arguments.of(name()).option("--data").option("--model").option("--out")
                .option("--context").option("--segmenter").option("--epochs").option("--batch").option("--seed").option("--grid")
                .option("--patience").flag("--no-augment").flag("--force").parse(arguments);
        Path data = Path.of(parsed.required("--data"));
        String kind = parsed.required("--model");
        Path out = Path.of(parsed.required("--out"));
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            throw new UsageException("--out must name a .zip file: " + out);
        }
        TrainingSpec spec;
        try {
            spec = new TrainingSpec(parsed.intValue("--epochs", TrainingSpec.DEFAULT_EPOCHS),
                    parsed.intValue("--batch", TrainingSpec.DEFAULT_BATCH), parsed.longValue("--seed", 1, 0, Long.MAX_VALUE),
                    parsed.intValue("--patience", TrainingSpec.DEFAULT_PATIENCE), !parsed.has("--no-augment"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Optional<GridRequest> gridOption = ModelGrid.option(parsed);
        ModelFactory factory = plugins.create(ContributionKind.MODEL, kind, ModelFactory.class);
        Optional<String> context = parsed.value("--context");
        if (factory.usesContext() && context.isEmpty()) {
            throw new UsageException("the " + kind + " model needs --context ID (available: "
                    + plugins.available(ContributionKind.CONTEXT) + ")");
        } else if (!factory.usesContext() && context.isPresent()) {
            throw new UsageException("the " + kind + " model takes no context features: drop --context");
        }
        requireNewModel(out, parsed.has("--force"));
        ModelRuns.requireBackend();
        ModelRuns.Context modelContext = ModelRuns.context(plugins, context, parsed.value("--segmenter").map(Path::of));
        BidsDataset dataset = ModelRuns.open(data);
        DatasetSplit split = ModelRuns.split(dataset, spec.seed());
        int[] grid = ModelGrid.of(gridOption, dataset);
        ModelGrid.requireMemory(grid, dataset.participants().size());
        DatasetPreparation preparation = new DatasetPreparation(dataset, grid, DatasetPreparation.NORMALISATION,
                modelContext.extractor(), gridOption.isPresent());
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
        ModelMetadata metadata = model.metadata().withGridAffine(ModelGrid.affine(dataset, grid));
        if (modelContext.segmenter().isPresent()) {
            metadata = metadata.withSegmenter(modelContext.segmenter().get());
        }
        model = new GraphBrainAgeModel(model.network(), metadata);
        try {
            ModelFiles.save(model, out);
        } catch (IOException e) {
            throw new CommandFailedException(out + ": " + e.getMessage(), e);
        }
        console.out().printf(Locale.ROOT, "trained %s on %d subjects (%d validation) in %.0f s; saved %s and %s%n", kind,
                training.size(), validation.size(), (System.nanoTime() - start) / 1e9, out, ModelFiles.sidecar(out).getFileName());
        ModelRuns.report("test", Evaluation.of(model, test), console);
        return 0;
    }

    /** The zip and its sidecar must both be new (or --force): the error names the one that exists. */
    private static void requireNewModel(Path out, boolean force) throws CommandFailedException {
        OutputPaths.requireNewFile(out, force);
        Path sidecar = ModelFiles.sidecar(out);
        if (Files.exists(sidecar) && !force) {
            throw new CommandFailedException(sidecar + ": already exists, the metadata file saved beside " + out.getFileName()
                    + " (add --force to replace it)");
        }
    }
}

package org.perturba.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.perturba.anatomy.dataset.BidsDataset;
import org.perturba.anatomy.dataset.DatasetSplit;
import org.perturba.anatomy.dataset.Participant;
import org.perturba.experiment.output.CsvTable;
import org.perturba.imaging.io.AtomicFiles;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelMetadata;
import org.perturba.model.ModelMetadata.ContextSpec;
import org.perturba.model.training.DatasetPreparation;
import org.perturba.model.training.Evaluation;

/**
 * {@code perturba evaluate}: a saved model's MAE, RMSE, correlation and brain-age-gap bias on a
 * dataset (its test split by the model's seed, or every subject), with per-subject predictions as CSV
 * (an existing CSV file is replaced only with {@code --force}).
 */
final class EvaluateCommand implements Command {
    private final Plugins plugins;

    EvaluateCommand(Plugins plugins) {
        this.plugins = plugins;
    }

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String synopsis() {
        return "--model MODEL --data DIR [--segmenter SEGMENTER.zip] [--split test|all] [--csv FILE] [--force]";
    }

    @Override
    public String summary() {
        return "measure a saved model on a dataset: MAE, RMSE, r, brain-age-gap bias";
    }

    @Override
    public int run(List<String> arguments, Console console) throws UsageException, CommandFailedException {
        Arguments.Parsed parsed = Arguments.of(name()).option("--model").option("--data").option("--segmenter").option("--split").option("--csv")
                .flag("--force").parse(arguments);
        Path modelFile = Path.of(parsed.required("--model"));
        Path data = Path.of(parsed.required("--data"));
        String splitName = parsed.value("--split").orElse("test");
        if (!splitName.equals("test") && !splitName.equals("all")) {
            throw new UsageException("--split must be test or all, not '" + splitName + "'");
        }
        Optional<Path> csv = parsed.value("--csv").map(Path::of);
        if (csv.isPresent()) {
            OutputPaths.requireNewFile(csv.get(), parsed.has("--force"));
        }
        ModelRuns.requireBackend();
        BrainAgeModel model = ModelScans.load(modelFile);
        ModelMetadata metadata = model.metadata();
        BidsDataset dataset = ModelRuns.open(data);
        List<Participant> participants = splitName.equals("all") ? dataset.participants()
                : DatasetSplit.of(dataset.participants(), metadata.seed()).test();
        if (participants.isEmpty()) {
            throw new CommandFailedException(data + ": " + dataset.participants().size() + " subjects leave the " + splitName
                    + " split empty" + (splitName.equals("test") ? " (--split all measures every subject)" : ""));
        }
        ModelGrid.requireMemory(metadata.grid(), participants.size());
        ModelRuns.Context context = ModelRuns.context(plugins, metadata.context().map(ContextSpec::extractor),
                parsed.value("--segmenter").map(Path::of));
        Optional<String> trainedWith = metadata.context().flatMap(ContextSpec::segmenter);
        if (context.segmenter().isPresent() && trainedWith.isPresent() && !trainedWith.equals(context.segmenter())) {
            throw new CommandFailedException(modelFile + ": trained on context measured by another segmenter (" + trainedWith.get()
                    + ") than " + parsed.value("--segmenter").get() + " (" + context.segmenter().get() + ")");
        }
        DatasetPreparation preparation = new DatasetPreparation(dataset, metadata, context.extractor());
        Evaluation evaluation = Evaluation.of(model, ModelRuns.prepare(preparation, participants, splitName, console));
        ModelRuns.report(metadata.kind() + " on " + splitName, evaluation, console);
        if (csv.isPresent()) {
            try {
                AtomicFiles.writeString(csv.get(), csv(evaluation));
            } catch (IOException e) {
                throw new CommandFailedException(csv.get() + ": " + e.getMessage(), e);
            }
        }
        return 0;
    }

    /** The per-subject predictions: participant_id, age, predicted_age, gap. */
    private static String csv(Evaluation evaluation) {
        CsvTable table = CsvTable.withColumns("participant_id", "age", "predicted_age", "gap");
        for (Evaluation.Prediction prediction : evaluation.predictions()) {
            table.row("sub-" + prediction.id(), CsvTable.decimal(prediction.age(), 3), CsvTable.decimal(prediction.predicted(), 3),
                    CsvTable.decimal(prediction.gap(), 3));
        }
        return table.text();
    }
}

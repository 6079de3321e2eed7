package org.perturba.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.perturba.anatomy.dataset.BidsDataset;
import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.anatomy.dataset.DatasetSplit;
import org.perturba.anatomy.dataset.Participant;
import org.perturba.experiment.spec.GridRequest;
import org.perturba.model.training.TrainingSpec;
import org.perturba.segmentation.RegionScheme;
import org.perturba.segmentation.SegmentationData;
import org.perturba.segmentation.SegmentationExample;
import org.perturba.segmentation.SegmenterEvaluation;
import org.perturba.segmentation.SegmenterFiles;
import org.perturba.segmentation.SegmenterTrainer;
import org.perturba.segmentation.UNetSegmenter;

/**
 * {@code perturba train-segmenter}: trains the segmentation model on a dataset's {@code _dseg} maps
 * (the 70/15/15 split of {@code train}), saves it with its metadata and reports its Dice per region
 * and the correlation of its soft volumes with the true ones on the test split. Options are checked
 * before any subject is prepared, as for {@code train}.
 */
final class TrainSegmenterCommand implements Command {

    @Override
    public String name() {
        return "train-segmenter";
    }

    @Override
    public String synopsis() {
        return "--data DIR --out SEG.zip [--regions brain-regions|all-labels] [--epochs N] [--batch N] [--seed S] [--grid N|NxNxN|Xmm]"
                + " [--patience N] [--force]";
    }

    @Override
    public String summary() {
        return "train the segmentation model on the dataset's _dseg maps and report its test Dice per region";
    }

    @Override
    public int run(List<String> arguments, Console console) throws UsageException, CommandFailedException {
        Arguments.Parsed parsed = Arguments.of(name()).option("--data").option("--out").option("--regions").option("--epochs")
                .option("--batch").option("--seed").option("--grid").option("--patience").flag("--force").parse(arguments);
        Path data = Path.of(parsed.required("--data"));
        Path out = Path.of(parsed.required("--out"));
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            throw new UsageException("--out must name a .zip file: " + out);
        }
        String schemeId = parsed.value("--regions").orElse(RegionScheme.BRAIN_REGIONS);
        if (!RegionScheme.IDS.contains(schemeId)) {
            throw new UsageException("option '--regions' must be one of " + String.join(", ", RegionScheme.IDS) + ", not '"
                    + schemeId + "'");
        }
        TrainingSpec spec;
        try {
            spec = new TrainingSpec(parsed.intValue("--epochs", SegmenterTrainer.DEFAULT_EPOCHS),
                    parsed.intValue("--batch", SegmenterTrainer.DEFAULT_BATCH),
                    parsed.longValue("--seed", 1, 0, Long.MAX_VALUE), parsed.intValue("--patience", SegmenterTrainer.DEFAULT_PATIENCE), false);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Optional<GridRequest> gridOption = ModelGrid.option(parsed);
        requireNew(out, parsed.has("--force"));
        ModelRuns.requireBackend();
        BidsDataset dataset = ModelRuns.open(data);
        RegionScheme scheme;
        try {
            scheme = RegionScheme.named(schemeId, dataset.labelNames());
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(data + ": " + e.getMessage(), e);
        }
        DatasetSplit split = ModelRuns.split(dataset, spec.seed());
        int[] grid = ModelGrid.of(gridOption, dataset);
        ModelGrid.requireMemory(grid, dataset.participants().size());
        List<SegmentationExample> training = prepare(dataset, grid, split.train(), scheme, "training", console);
        List<SegmentationExample> validation = prepare(dataset, grid, split.validation(), scheme, "validation", console);
        List<SegmentationExample> test = prepare(dataset, grid, split.test(), scheme, "test", console);
        long start = System.nanoTime();
        UNetSegmenter segmenter;
        try {
            segmenter = new SegmenterTrainer().train(scheme, grid, training, validation, spec,
                    (epoch, epochs, loss, dice, best) -> console.err().printf(Locale.ROOT,
                            "perturba: epoch %d/%d: training loss %.4f, validation Dice %.3f%s%n", epoch, epochs, loss, dice,
                            best ? " (best)" : ""));
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
        try {
            SegmenterFiles.save(segmenter, out);
        } catch (IOException e) {
            throw new CommandFailedException(out + ": " + e.getMessage(), e);
        }
        console.out().printf(Locale.ROOT, "trained a %s segmenter on %d subjects (%d validation) in %.0f s; saved %s and %s%n",
                scheme.id(), training.size(), validation.size(), (System.nanoTime() - start) / 1e9, out,
                SegmenterFiles.sidecar(out).getFileName());
        report(SegmenterEvaluation.of(segmenter, test), console);
        return 0;
    }

    private static List<SegmentationExample> prepare(BidsDataset dataset, int[] grid, List<Participant> participants,
            RegionScheme scheme, String what, Console console) throws CommandFailedException {
        console.err().printf(Locale.ROOT, "perturba: preparing %d %s subjects%n", participants.size(), what);
        try {
            return SegmentationData.prepare(dataset, grid, participants, scheme);
        } catch (DatasetException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
    }

    private static void report(SegmenterEvaluation evaluation, Console console) {
        console.out().printf(Locale.ROOT, "test: %d subjects, mean Dice %.3f%n", evaluation.subjects(), evaluation.diceMean());
        for (Map.Entry<String, Double> region : evaluation.dicePerRegion().entrySet()) {
            console.out().printf(Locale.ROOT, "  %-22s Dice %.3f, soft-volume r %.3f%n", region.getKey(), region.getValue(),
                    evaluation.volumeCorrelation().get(region.getKey()));
        }
    }

    /** The zip and its sidecar must both be new (or --force): the error names the one that exists. */
    private static void requireNew(Path out, boolean force) throws CommandFailedException {
        OutputPaths.requireNewFile(out, force);
        Path sidecar = SegmenterFiles.sidecar(out);
        if (Files.exists(sidecar) && !force) {
            throw new CommandFailedException(sidecar + ": already exists, the metadata file saved beside " + out.getFileName()
                    + " (add --force to replace it)");
        }
    }
}

package org.perturba.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

import org.nd4j.linalg.factory.Nd4j;
import org.perturba.imaging.io.AtomicFiles;
import org.perturba.imaging.io.StagedFile;
import org.perturba.model.ModelInput;
import org.perturba.model.ModelMetadata;
import org.perturba.model.onnx.ModelCard;
import org.perturba.model.onnx.OnnxBrainAgeModel;

/**
 * {@code perturba import-model MODEL.onnx --card CARD.json --out OUT.onnx}: checks an ONNX model
 * against its card (every operator supported, inputs and grid as the card says, one prediction per
 * image on a trial run) and writes it with its card beside it as {@code OUT.json}, the input and
 * output names resolved and the ONNX file's SHA-256 recorded, so that a later replacement is noticed.
 */
final class ImportModelCommand implements Command {

    @Override
    public String name() {
        return "import-model";
    }

    @Override
    public String synopsis() {
        return "MODEL.onnx --card CARD.json --out OUT.onnx [--force]";
    }

    @Override
    public String summary() {
        return "check an ONNX model (e.g. from torch.onnx.export) against its card and save both for Perturba";
    }

    @Override
    public int run(List<String> arguments, Console console) throws UsageException, CommandFailedException {
        Arguments.Parsed parsed = Arguments.of(name()).option("--card").option("--out").flag("--force").operand("MODEL.onnx")
                .parse(arguments);
        Path onnx = Path.of(parsed.operand(0));
        Path cardFile = Path.of(parsed.required("--card"));
        Path out = Path.of(parsed.required("--out"));
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")) {
            throw new UsageException("--out must end in .onnx: " + out);
        }
        Path outCard = ModelCard.of(out);
        OutputPaths.requireNewFile(out, parsed.has("--force"));
        OutputPaths.requireNewFile(outCard, parsed.has("--force"));
        ModelRuns.requireBackend();
        OnnxBrainAgeModel model;
        try {
            model = OnnxBrainAgeModel.load(onnx, cardFile);
        } catch (NoSuchFileException e) {
            throw new CommandFailedException(e.getFile() + ": " + e.getReason(), e);
        } catch (IOException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
        ModelMetadata metadata = model.metadata();
        double trial = trialPrediction(model, onnx);
        try (StagedFile stagedModel = AtomicFiles.stage(out); StagedFile stagedCard = AtomicFiles.stage(outCard)) {
            Files.copy(onnx, stagedModel.path(), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(stagedCard.path(), model.card());
            stagedCard.commit();
            stagedModel.commit();
        } catch (IOException e) {
            throw new CommandFailedException(out + ": " + e.getMessage(), e);
        }
        int[] grid = metadata.grid();
        console.out().printf(Locale.ROOT, "imported %s as %s and %s: %dx%dx%d grid%s, normalisation %s, %s; on a blank image it"
                + " predicts %.2f%n", onnx.getFileName(), out, outCard.getFileName(), grid[0], grid[1], grid[2],
                metadata.gridAffine().isPresent() ? " placed in world coordinates" : " (no affine: scans must be on it already)",
                metadata.inputNormalisation().text(), metadata.context().map(context -> context.names().size() + " context features")
                        .orElse("image only"), trial);
        return 0;
    }

    /** A prediction on an empty image (and mean context): proves the graph runs end to end before it is saved. */
    private static double trialPrediction(OnnxBrainAgeModel model, Path onnx) throws CommandFailedException {
        int[] grid = model.metadata().grid();
        ModelInput input = new ModelInput(Nd4j.zeros(1, 1, grid[0], grid[1], grid[2]),
                model.metadata().context().map(context -> Nd4j.zeros(1, context.names().size())));
        try {
            return model.predictAges(input)[0];
        } catch (RuntimeException e) {
            throw new CommandFailedException(onnx + ": the model does not run on a " + grid[0] + "x" + grid[1] + "x" + grid[2]
                    + " image (" + e.getMessage() + ")", e);
        }
    }
}

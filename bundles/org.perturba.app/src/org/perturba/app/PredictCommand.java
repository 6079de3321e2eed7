package org.perturba.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.ContextFeatures;
import org.perturba.imaging.InputNormalisation;
import org.perturba.imaging.Interpolation;
import org.perturba.imaging.Volume;
import org.perturba.imaging.nifti.NiftiDataType;
import org.perturba.imaging.nifti.NiftiImage;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.InputGradients;
import org.perturba.model.ModelInput;
import org.perturba.model.ModelMetadata;
import org.perturba.model.ModelMetadata.ContextSpec;
import org.perturba.model.training.Batches;
import org.perturba.model.training.DatasetPreparation;
import org.perturba.model.training.PreparedSubject;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * {@code perturba predict}: a saved or imported model's prediction for each scan, each put on the
 * model's grid by world coordinates and normalised as the model expects; with {@code --gradient},
 * the gradient of the prediction with respect to the scan's voxels, on the scan's own grid.
 */
final class PredictCommand implements Command {
    private final Plugins plugins;

    PredictCommand(Plugins plugins) {
        this.plugins = plugins;
    }

    @Override
    public String name() {
        return "predict";
    }

    @Override
    public String synopsis() {
        return "--model MODEL IMAGE... [--context-values V1,V2,...] [--segmenter SEGMENTER.zip] [--gradient OUT.nii.gz] [--json]"
                + " [--force]";
    }

    @Override
    public String summary() {
        return "predict brain age from scans with a model (.zip or .onnx); --gradient writes d prediction / d image";
    }

    @Override
    public int run(List<String> arguments, Console console) throws UsageException, CommandFailedException {
        Arguments.Parsed parsed = Arguments.of(name()).option("--model").option("--context-values").option("--segmenter")
                .option("--gradient").flag("--json").flag("--force").operand("IMAGE").moreOperands().parse(arguments);
        Path modelFile = Path.of(parsed.required("--model"));
        List<Path> images = parsed.operands().stream().map(Path::of).toList();
        Optional<Path> gradientFile = parsed.value("--gradient").map(Path::of);
        if (gradientFile.isPresent()) {
            if (images.size() != 1) {
                throw new UsageException("--gradient is written for one image, not " + images.size());
            }
            String name = gradientFile.get().getFileName().toString().toLowerCase(Locale.ROOT);
            if (!name.endsWith(".nii") && !name.endsWith(".nii.gz")) {
                throw new UsageException("--gradient must end in .nii or .nii.gz: " + gradientFile.get());
            }
            OutputPaths.requireNewFile(gradientFile.get(), parsed.has("--force"));
        }
        ModelRuns.requireBackend();
        BrainAgeModel model = ModelScans.load(modelFile);
        ModelMetadata metadata = model.metadata();
        Optional<double[]> contextValues = contextValues(parsed, metadata);
        ModelRuns.Context context = contextValues.isPresent() ? new ModelRuns.Context(Optional.empty(), Optional.empty())
                : ModelRuns.context(plugins, metadata.context().map(ContextSpec::extractor), parsed.value("--segmenter").map(Path::of));
        InputNormalisation normalisation = metadata.inputNormalisation();
        List<Double> predictions = new ArrayList<>();
        for (Path file : images) {
            ModelScans.Scan scan = ModelScans.read(file, metadata, Interpolation.TRILINEAR);
            Volume prepared = normalisation.prepare(scan.onGrid());
            Optional<ContextFeatures> features = metadata.context().isEmpty() ? Optional.empty()
                    : Optional.of(contextValues.isPresent() ? new ContextFeatures(metadata.context().get().names(), contextValues.get())
                            : extracted(context, prepared, file));
            PreparedSubject subject = new PreparedSubject(file.toString(), 0, prepared.voxels(), DatasetPreparation.brainMask(scan.onGrid()), features);
            ModelInput input = Batches.of(List.of(subject), metadata);
            try {
                predictions.add(model.predictAges(input)[0]);
                if (gradientFile.isPresent()) {
                    InputGradients gradients = model.ageGradients(input);
                    float[] onGrid = normalisation.backpropagate(scan.onGrid(), Batches.voxels(gradients.images(), 0));
                    ImageFiles.write(NiftiImage.of(scan.stored().withVoxels(scan.gradientOnScan(onGrid, metadata)), NiftiDataType.FLOAT32,
                            "d prediction / d image"), gradientFile.get(), 1);
                }
            } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
                throw new CommandFailedException(file + ": the model cannot run on it (" + e.getMessage() + ")", e);
            }
        }
        console.out().print(parsed.has("--json") ? json(modelFile, images, predictions) : text(images, predictions));
        gradientFile.ifPresent(file -> console.err().println("perturba: wrote the gradient of the prediction to " + file));
        return 0;
    }

    /** {@code --context-values}: raw feature values in the order of the model's context, standardised by the model. */
    private static Optional<double[]> contextValues(Arguments.Parsed parsed, ModelMetadata metadata) throws UsageException {
        Optional<String> text = parsed.value("--context-values");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (metadata.context().isEmpty()) {
            throw new UsageException("--context-values: this model takes no context");
        }
        List<String> names = metadata.context().get().names();
        String[] fields = text.get().split(",", -1);
        if (fields.length != names.size()) {
            throw new UsageException("--context-values needs " + names.size() + " values (" + String.join(", ", names) + "), not "
                    + fields.length);
        }
        double[] values = new double[fields.length];
        for (int i = 0; i < fields.length; i++) {
            try {
                values[i] = Double.parseDouble(fields[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--context-values: '" + fields[i] + "' (" + names.get(i) + ") is not a number");
            }
            if (!Double.isFinite(values[i])) {
                throw new UsageException("--context-values: " + names.get(i) + " must be finite, not " + fields[i]);
            }
        }
        return Optional.of(values);
    }

    private static ContextFeatures extracted(ModelRuns.Context context, Volume prepared, Path file) throws CommandFailedException {
        try {
            return context.extractor().orElseThrow().extract(prepared, Optional.empty());
        } catch (ContextExtractionException e) {
            throw new CommandFailedException(file + ": " + e.getMessage() + " (or give the features with --context-values)", e);
        }
    }

    private static String text(List<Path> images, List<Double> predictions) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < images.size(); i++) {
            text.append(String.format(Locale.ROOT, "%s\t%.3f%n", images.get(i), predictions.get(i)));
        }
        return text.toString();
    }

    private static String json(Path model, List<Path> images, List<Double> predictions) {
        JsonObject json = new JsonObject();
        json.addProperty("model", model.toString());
        JsonArray list = new JsonArray();
        for (int i = 0; i < images.size(); i++) {
            JsonObject prediction = new JsonObject();
            prediction.addProperty("image", images.get(i).toString());
            prediction.addProperty("prediction", predictions.get(i));
            list.add(prediction);
        }
        json.add("predictions", list);
        return new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n";
    }
}

package org.perturba.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.perturba.model.onnx.OnnxBrainAgeModel;

import com.google.gson.JsonObject;

/**
 * Saves a brain-age model in {@link NetworkFiles}' format (a zip and a sidecar {@code .json} with its
 * {@link ModelMetadata}) and loads it back, refusing a sidecar that does not belong to the zip or a
 * network that does not match its metadata. Loads imported ONNX models ({@code .onnx} with their
 * card) too.
 */
public final class ModelFiles {
    private ModelFiles() {
    }

    /** The sidecar of a model zip: same name, {@code .json}. */
    public static Path sidecar(Path zip) {
        return NetworkFiles.sidecar(zip);
    }

    /** Writes both files atomically (see {@link NetworkFiles#save}). */
    public static void save(GraphBrainAgeModel model, Path zip) throws IOException {
        NetworkFiles.save(model.network(), toJson(model.metadata()), zip);
    }

    /**
     * A saved model, whichever its format: a Perturba model ({@code .zip} and its {@code .json}) or an
     * imported ONNX model ({@code .onnx} and its card, {@link OnnxBrainAgeModel#load}).
     *
     * @throws IOException with a one-line message when the files are missing, foreign to each other or malformed
     */
    public static BrainAgeModel load(Path file) throws IOException {
        return isOnnx(file) ? OnnxBrainAgeModel.load(file) : loadTrained(file);
    }

    /** Whether a model file is an imported ONNX model (by its extension). */
    public static boolean isOnnx(Path file) {
        return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    /** A model trained by Perturba: a zip and its sidecar. */
    public static GraphBrainAgeModel loadTrained(Path zip) throws IOException {
        NetworkFiles.Loaded<ModelMetadata> loaded = NetworkFiles.load(zip, "model", ModelFiles::fromJson);
        ModelMetadata metadata = loaded.metadata();
        ComputationGraph network = loaded.network();
        int inputs = network.getConfiguration().getNetworkInputs().size();
        if (inputs != (metadata.contextSize() > 0 ? 2 : 1)) {
            throw new IOException(zip + ": the network has " + inputs + " inputs but its metadata describes a "
                    + metadata.kind() + " model with " + metadata.contextSize() + " context features");
        }
        return new GraphBrainAgeModel(network, metadata);
    }

    private static JsonObject toJson(ModelMetadata metadata) {
        JsonObject json = new JsonObject();
        json.addProperty("kind", metadata.kind());
        json.add("grid", MetadataJson.array(metadata.grid()));
        metadata.gridAffine().ifPresent(affine -> json.add("gridAffine", MetadataJson.affine(affine)));
        json.addProperty("normalisation", metadata.normalisation());
        json.addProperty("ageMean", metadata.ageMean());
        json.addProperty("ageScale", metadata.ageScale());
        json.addProperty("seed", metadata.seed());
        json.addProperty("trainingData", metadata.trainingData());
        metadata.context().ifPresent(context -> json.add("context", MetadataJson.context(context)));
        return json;
    }

    private static ModelMetadata fromJson(JsonObject json) {
        return new ModelMetadata(json.get("kind").getAsString(), MetadataJson.grid(json.get("grid"), "grid"),
                json.get("normalisation").getAsString(), json.get("ageMean").getAsDouble(), json.get("ageScale").getAsDouble(),
                json.has("context") ? Optional.of(MetadataJson.context(json.getAsJsonObject("context"), "context.")) : Optional.empty(),
                json.get("seed").getAsLong(), json.get("trainingData").getAsString(),
                json.has("gridAffine") ? Optional.of(MetadataJson.affine(json.get("gridAffine"), "gridAffine")) : Optional.empty());
    }
}

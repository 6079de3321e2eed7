package org.perturba.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.perturba.anatomy.FeatureStandardisation;
import org.perturba.model.ModelMetadata.ContextSpec;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Saves a brain-age model in {@link NetworkFiles}' format (a zip and a sidecar {@code .json} with its
 * {@link ModelMetadata}) and loads it back, refusing a sidecar that does not belong to the zip or a
 * network that does not match its metadata.
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

    /** @throws IOException with a one-line message when the files are missing, foreign to each other or malformed */
    public static GraphBrainAgeModel load(Path zip) throws IOException {
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
        json.add("grid", array(metadata.grid()));
        json.addProperty("normalisation", metadata.normalisation());
        json.addProperty("ageMean", metadata.ageMean());
        json.addProperty("ageScale", metadata.ageScale());
        json.addProperty("seed", metadata.seed());
        json.addProperty("trainingData", metadata.trainingData());
        metadata.context().ifPresent(context -> {
            JsonObject spec = new JsonObject();
            spec.addProperty("extractor", context.extractor());
            JsonArray names = new JsonArray();
            context.names().forEach(names::add);
            spec.add("names", names);
            spec.add("means", array(context.standardisation().means()));
            spec.add("deviations", array(context.standardisation().deviations()));
            context.segmenter().ifPresent(segmenter -> spec.addProperty("segmenter", segmenter));
            json.add("context", spec);
        });
        return json;
    }

    private static ModelMetadata fromJson(JsonObject json) {
        Optional<ContextSpec> context = Optional.empty();
        if (json.has("context")) {
            JsonObject spec = json.getAsJsonObject("context");
            List<String> names = new ArrayList<>();
            spec.getAsJsonArray("names").forEach(name -> names.add(name.getAsString()));
            Optional<String> segmenter = spec.has("segmenter") ? Optional.of(spec.get("segmenter").getAsString()) : Optional.empty();
            context = Optional.of(new ContextSpec(spec.get("extractor").getAsString(), FeatureStandardisation.of(names,
                    doubles(spec.getAsJsonArray("means")), doubles(spec.getAsJsonArray("deviations"))), segmenter));
        }
        int[] grid = json.getAsJsonArray("grid").asList().stream().mapToInt(JsonElement::getAsInt).toArray();
        return new ModelMetadata(json.get("kind").getAsString(), grid, json.get("normalisation").getAsString(),
                json.get("ageMean").getAsDouble(), json.get("ageScale").getAsDouble(), context, json.get("seed").getAsLong(),
                json.get("trainingData").getAsString());
    }

    private static JsonArray array(int[] values) {
        JsonArray array = new JsonArray();
        for (int value : values) {
            array.add(value);
        }
        return array;
    }

    private static JsonArray array(double[] values) {
        JsonArray array = new JsonArray();
        for (double value : values) {
            array.add(value);
        }
        return array;
    }

    private static double[] doubles(JsonArray array) {
        return array.asList().stream().mapToDouble(JsonElement::getAsDouble).toArray();
    }
}

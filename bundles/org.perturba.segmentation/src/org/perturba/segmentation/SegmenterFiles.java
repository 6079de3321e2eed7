package org.perturba.segmentation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.perturba.model.NetworkFiles;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Saves a segmenter in {@link NetworkFiles}' format (a zip and a sidecar {@code .json} with its
 * {@link SegmenterMetadata}) and loads it back under the same untrusted-file rules as brain-age
 * models, refusing a network that does not match its metadata.
 */
public final class SegmenterFiles {
    private static final String KIND = "segmenter";

    private SegmenterFiles() {
    }

    /** The sidecar of a segmenter zip: same name, {@code .json}. */
    public static Path sidecar(Path zip) {
        return NetworkFiles.sidecar(zip);
    }

    public static void save(UNetSegmenter segmenter, Path zip) throws IOException {
        NetworkFiles.save(segmenter.network(), toJson(segmenter.metadata()), zip);
    }

    /** @throws IOException with a one-line message when the files are missing, foreign to each other, malformed or disagree */
    public static UNetSegmenter load(Path zip) throws IOException {
        NetworkFiles.Loaded<SegmenterMetadata> loaded = NetworkFiles.load(zip, KIND, SegmenterFiles::fromJson);
        SegmenterMetadata metadata = loaded.metadata();
        ComputationGraph network = loaded.network();
        var configuration = network.getConfiguration();
        // the number of classes is the logits' channels; anything else in that place is not a segmenter
        long classes = configuration.getVertices().get(UNetNetworks.LOGITS) instanceof LayerVertex vertex
                && vertex.getLayerConf().getLayer() instanceof Convolution3D logits ? logits.getNOut() : -1;
        if (configuration.getNetworkInputs().size() != 1 || classes != metadata.classes()) {
            throw new IOException(zip + ": the network is not a segmenter of " + metadata.classes()
                    + " classes (background and the regions its metadata lists)");
        }
        return new UNetSegmenter(network, metadata);
    }

    private static JsonObject toJson(SegmenterMetadata metadata) {
        JsonObject json = new JsonObject();
        json.addProperty("kind", KIND);
        JsonArray grid = new JsonArray();
        for (int side : metadata.grid()) {
            grid.add(side);
        }
        json.add("grid", grid);
        json.addProperty("scheme", metadata.scheme());
        JsonArray regions = new JsonArray();
        metadata.regions().forEach(regions::add);
        json.add("regions", regions);
        json.addProperty("normalisation", metadata.normalisation());
        json.addProperty("seed", metadata.seed());
        json.addProperty("trainingData", metadata.trainingData());
        return json;
    }

    private static SegmenterMetadata fromJson(JsonObject json) {
        if (!KIND.equals(json.get("kind").getAsString())) {
            throw new IllegalArgumentException("kind '" + json.get("kind").getAsString() + "' is not a " + KIND);
        }
        int[] grid = json.getAsJsonArray("grid").asList().stream().mapToInt(JsonElement::getAsInt).toArray();
        List<String> regions = new ArrayList<>();
        json.getAsJsonArray("regions").forEach(region -> regions.add(region.getAsString()));
        return new SegmenterMetadata(grid, json.get("scheme").getAsString(), regions, json.get("normalisation").getAsString(),
                json.get("seed").getAsLong(), json.get("trainingData").getAsString());
    }
}

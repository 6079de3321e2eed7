package org.perturba.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.perturba.anatomy.FeatureStandardisation;
import org.perturba.dl4j.Nd4jRuntime;
import org.perturba.imaging.ResourceLimits;
import org.perturba.imaging.io.AtomicFiles;
import org.perturba.imaging.io.StagedFile;
import org.perturba.model.ModelMetadata.ContextSpec;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Saves a model as {@code NAME.zip} (DL4J's format: configuration, weights, updater state) with a
 * sidecar {@code NAME.json} (its {@link ModelMetadata} and the SHA-256 of the zip), and loads it back,
 * refusing a sidecar that does not belong to the zip or a network that does not match its metadata.
 */
public final class ModelFiles {
    private static final int FORMAT = 1;

    private ModelFiles() {
    }

    /** The sidecar of a model zip: same name, {@code .json}. */
    public static Path sidecar(Path zip) {
        String name = zip.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
        return zip.resolveSibling(stem + ".json");
    }

    /**
     * Writes both files through {@link AtomicFiles}: both are complete on disk before either is put in
     * place, then the sidecar is renamed first and the zip last. A crash between the two renames
     * leaves the new sidecar beside the old zip (or beside none), which {@link #load} refuses by the
     * SHA-256 the sidecar records (or as missing): no state loads a network with another's metadata,
     * and a fresh save shows its zip only once both files are in place.
     */
    public static void save(BrainAgeModel model, Path zip) throws IOException {
        try (StagedFile network = AtomicFiles.stage(zip); StagedFile metadata = AtomicFiles.stage(sidecar(zip))) {
            ModelSerializer.writeModel(model.network(), network.path().toFile(), true);
            String json = new GsonBuilder().setPrettyPrinting().create()
                    .toJson(toJson(model.metadata(), sha256(network.path())));
            Files.writeString(metadata.path(), json, StandardCharsets.UTF_8);
            metadata.commit();
            network.commit();
        }
    }

    /** @throws IOException with a one-line message when the files are missing, foreign to each other or malformed */
    public static GraphBrainAgeModel load(Path zip) throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new NoSuchFileException(zip.toString(), null, "no such model file");
        }
        Path sidecar = sidecar(zip);
        if (!Files.isRegularFile(sidecar)) {
            throw new IOException(zip + ": its metadata " + sidecar.getFileName() + " is missing (models are saved as a .zip and a .json)");
        }
        ModelMetadata metadata;
        String hash;
        try {
            JsonObject json = JsonParser.parseString(Files.readString(sidecar, StandardCharsets.UTF_8)).getAsJsonObject();
            if (json.get("format").getAsInt() != FORMAT) {
                throw new IOException(sidecar + ": format " + json.get("format") + " is not supported (expected " + FORMAT + ")");
            }
            hash = json.get("sha256").getAsString();
            metadata = fromJson(json);
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
                | IllegalArgumentException e) {
            throw new IOException(sidecar + ": malformed model metadata (" + e.getMessage() + ")", e);
        }
        ModelArchive.check(zip, ResourceLimits.current());
        if (!hash.equals(sha256(zip))) {
            throw new IOException(sidecar + " does not belong to " + zip.getFileName()
                    + ": the zip's SHA-256 differs from the one recorded (replaced or modified after saving?)");
        }
        Nd4jRuntime.initialise();
        ComputationGraph network;
        try {
            network = ModelSerializer.restoreComputationGraph(zip.toFile(), true);
        } catch (RuntimeException e) { // DL4J reports malformed content with unchecked exceptions
            throw new IOException(zip + ": the network cannot be read (" + e.getMessage() + ")", e);
        }
        int inputs = network.getConfiguration().getNetworkInputs().size();
        if (inputs != (metadata.contextSize() > 0 ? 2 : 1)) {
            throw new IOException(zip + ": the network has " + inputs + " inputs but its metadata describes a "
                    + metadata.kind() + " model with " + metadata.contextSize() + " context features");
        }
        return new GraphBrainAgeModel(network, metadata);
    }

    private static JsonObject toJson(ModelMetadata metadata, String sha256) {
        JsonObject json = new JsonObject();
        json.addProperty("format", FORMAT);
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
            json.add("context", spec);
        });
        json.addProperty("sha256", sha256);
        return json;
    }

    private static ModelMetadata fromJson(JsonObject json) {
        Optional<ContextSpec> context = Optional.empty();
        if (json.has("context")) {
            JsonObject spec = json.getAsJsonObject("context");
            List<String> names = new ArrayList<>();
            spec.getAsJsonArray("names").forEach(name -> names.add(name.getAsString()));
            context = Optional.of(new ContextSpec(spec.get("extractor").getAsString(), FeatureStandardisation.of(names,
                    doubles(spec.getAsJsonArray("means")), doubles(spec.getAsJsonArray("deviations")))));
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

    private static String sha256(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

package org.perturba.model.onnx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.perturba.imaging.Affine;
import org.perturba.model.MetadataJson;
import org.perturba.model.ModelMetadata;
import org.perturba.model.ModelMetadata.ContextSpec;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * How an imported ONNX model expects its input and what its output means: the JSON file beside
 * {@code NAME.onnx}, named {@code NAME.json} (the format is documented in docs/onnx.md).
 *
 * @param metadata the model as Perturba sees it: kind {@value #KIND}, grid, normalisation, the age
 *        as {@code ageScale · output + ageMean}, context features
 * @param imageInput the graph input that takes the images, {@code [n, 1, x, y, z]}
 * @param contextInput the graph input that takes the standardised context features, {@code [n, features]}
 * @param output the graph output that holds one value per example
 * @param sha256 the SHA-256 of the ONNX file the card was written for, when the card records it
 *        ({@code perturba import-model} does)
 */
public record ModelCard(ModelMetadata metadata, Optional<String> imageInput, Optional<String> contextInput, Optional<String> output,
        Optional<String> sha256) {

    /** The kind of every imported ONNX model. */
    public static final String KIND = "onnx";

    private static final Set<String> FIELDS = Set.of("format", "image", "output", "grid", "normalisation", "age", "context", "sha256");
    private static final Set<String> GRID_FIELDS = Set.of("shape", "affine");
    private static final Set<String> AGE_FIELDS = Set.of("scale", "offset");
    private static final Set<String> CONTEXT_FIELDS = Set.of("input", "extractor", "names", "means", "deviations");
    private static final int FORMAT = 1;

    /** The card of an ONNX file: same name, {@code .json}. */
    public static Path of(Path onnx) {
        String name = onnx.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
        return onnx.resolveSibling(stem + ".json");
    }

    /** @throws IOException one line naming the card and what is wrong in it */
    public static ModelCard read(Path card) throws IOException {
        JsonObject json;
        try {
            json = JsonParser.parseString(Files.readString(card, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException(card + ": not a JSON object (" + e.getMessage() + ")", e);
        }
        try {
            return parse(json);
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException | NullPointerException
                | IndexOutOfBoundsException e) {
            throw new IOException(card + ": " + e.getMessage(), e);
        }
    }

    private static ModelCard parse(JsonObject json) {
        requireOnly(json, FIELDS, "");
        if (json.has("format") && json.get("format").getAsInt() != FORMAT) {
            throw new IllegalArgumentException("format " + json.get("format") + " is not supported (expected " + FORMAT + ")");
        }
        JsonObject grid = MetadataJson.required(json, "grid", "").getAsJsonObject();
        requireOnly(grid, GRID_FIELDS, "grid.");
        int[] shape = MetadataJson.grid(MetadataJson.required(grid, "shape", "grid."), "grid.shape");
        Optional<Affine> affine = grid.has("affine") ? Optional.of(MetadataJson.affine(grid.get("affine"), "grid.affine"))
                : Optional.empty();
        String normalisation = MetadataJson.required(json, "normalisation", "").getAsString();
        double scale = 1;
        double offset = 0;
        if (json.has("age")) {
            JsonObject age = json.getAsJsonObject("age");
            requireOnly(age, AGE_FIELDS, "age.");
            scale = age.has("scale") ? age.get("scale").getAsDouble() : 1;
            offset = age.has("offset") ? age.get("offset").getAsDouble() : 0;
        }
        Optional<ContextSpec> context = Optional.empty();
        Optional<String> contextInput = Optional.empty();
        if (json.has("context")) {
            JsonObject spec = json.getAsJsonObject("context");
            requireOnly(spec, CONTEXT_FIELDS, "context.");
            context = Optional.of(MetadataJson.context(spec, "context."));
            contextInput = text(spec, "input");
        }
        ModelMetadata metadata = new ModelMetadata(KIND, shape, normalisation, offset, scale, context, 0, "", affine);
        return new ModelCard(metadata, text(json, "image"), contextInput, text(json, "output"), text(json, "sha256"));
    }

    /** The card as JSON, as {@link #read} reads it. */
    public String toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("format", FORMAT);
        imageInput.ifPresent(name -> json.addProperty("image", name));
        output.ifPresent(name -> json.addProperty("output", name));
        JsonObject grid = new JsonObject();
        grid.add("shape", MetadataJson.array(metadata.grid()));
        metadata.gridAffine().ifPresent(affine -> grid.add("affine", MetadataJson.affine(affine)));
        json.add("grid", grid);
        json.addProperty("normalisation", metadata.inputNormalisation().text());
        JsonObject age = new JsonObject();
        age.addProperty("scale", metadata.ageScale());
        age.addProperty("offset", metadata.ageMean());
        json.add("age", age);
        metadata.context().ifPresent(context -> {
            JsonObject spec = MetadataJson.context(context);
            contextInput.ifPresent(name -> spec.addProperty("input", name));
            json.add("context", spec);
        });
        sha256.ifPresent(hash -> json.addProperty("sha256", hash));
        return new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n";
    }

    private static void requireOnly(JsonObject json, Set<String> fields, String prefix) {
        for (String key : json.keySet()) {
            if (!fields.contains(key)) {
                throw new IllegalArgumentException("unknown field '" + prefix + key + "' (known: "
                        + String.join(", ", fields.stream().sorted().toList()) + ")");
            }
        }
    }

    private static Optional<String> text(JsonObject json, String field) {
        return json.has(field) ? Optional.of(json.get(field).getAsString()) : Optional.empty();
    }

}

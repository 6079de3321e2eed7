package org.perturba.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.perturba.anatomy.FeatureStandardisation;
import org.perturba.imaging.Affine;
import org.perturba.model.ModelMetadata.ContextSpec;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The JSON of the parts of {@link ModelMetadata} that saved models ({@link ModelFiles}) and the cards
 * of imported ones ({@code onnx.ModelCard}) share: context specifications, grid affines, number
 * arrays. Readers throw Gson's unchecked exceptions or {@link IllegalArgumentException} for malformed
 * content, which the callers turn into one line naming the file.
 */
public final class MetadataJson {
    private static final String AFFINE_FORM = "3 or 4 rows of 4 numbers (voxel to world, in mm)";

    private MetadataJson() {
    }

    /** {@code {"extractor", "names", "means", "deviations", "segmenter"?}} */
    public static JsonObject context(ContextSpec context) {
        JsonObject spec = new JsonObject();
        spec.addProperty("extractor", context.extractor());
        JsonArray names = new JsonArray();
        context.names().forEach(names::add);
        spec.add("names", names);
        spec.add("means", array(context.standardisation().means()));
        spec.add("deviations", array(context.standardisation().deviations()));
        context.segmenter().ifPresent(segmenter -> spec.addProperty("segmenter", segmenter));
        return spec;
    }

    /** Reads what {@link #context(ContextSpec)} writes; {@code prefix} names the object in messages. */
    public static ContextSpec context(JsonObject spec, String prefix) {
        List<String> names = new ArrayList<>();
        required(spec, "names", prefix).getAsJsonArray().forEach(name -> names.add(name.getAsString()));
        Optional<String> segmenter = spec.has("segmenter") ? Optional.of(spec.get("segmenter").getAsString()) : Optional.empty();
        return new ContextSpec(required(spec, "extractor", prefix).getAsString(), FeatureStandardisation.of(names,
                doubles(required(spec, "means", prefix)), doubles(required(spec, "deviations", prefix))), segmenter);
    }

    /** The four rows of an affine. */
    public static JsonArray affine(Affine affine) {
        JsonArray rows = new JsonArray();
        for (double[] row : affine.rows()) {
            rows.add(array(row));
        }
        return rows;
    }

    /** Reads 3 or 4 rows of 4 numbers, a fourth row being 0 0 0 1. */
    public static Affine affine(JsonElement element, String name) {
        JsonArray rows = element.getAsJsonArray();
        if (rows.size() < 3 || rows.size() > 4) {
            throw new IllegalArgumentException(name + " must be " + AFFINE_FORM);
        }
        double[][] matrix = new double[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            matrix[r] = doubles(rows.get(r));
            if (matrix[r].length != 4 || !Arrays.stream(matrix[r]).allMatch(Double::isFinite)) {
                throw new IllegalArgumentException(name + " must be " + AFFINE_FORM);
            }
        }
        if (matrix.length == 4 && (matrix[3][0] != 0 || matrix[3][1] != 0 || matrix[3][2] != 0 || matrix[3][3] != 1)) {
            throw new IllegalArgumentException(name + "'s fourth row must be 0 0 0 1");
        }
        return new Affine(matrix);
    }

    /** Three positive voxel counts. */
    public static int[] grid(JsonElement element, String name) {
        int[] grid = element.getAsJsonArray().asList().stream().mapToInt(JsonElement::getAsInt).toArray();
        if (grid.length != 3 || grid[0] < 1 || grid[1] < 1 || grid[2] < 1) {
            throw new IllegalArgumentException(name + " must be three positive sizes (voxels along i, j, k)");
        }
        return grid;
    }

    public static JsonArray array(int[] values) {
        JsonArray array = new JsonArray();
        for (int value : values) {
            array.add(value);
        }
        return array;
    }

    public static JsonArray array(double[] values) {
        JsonArray array = new JsonArray();
        for (double value : values) {
            array.add(value);
        }
        return array;
    }

    public static double[] doubles(JsonElement array) {
        return array.getAsJsonArray().asList().stream().mapToDouble(JsonElement::getAsDouble).toArray();
    }

    /** A field that must be present and not null. */
    public static JsonElement required(JsonObject json, String field, String prefix) {
        if (!json.has(field) || json.get(field).isJsonNull()) {
            throw new IllegalArgumentException("'" + prefix + field + "' is missing");
        }
        return json.get(field);
    }
}

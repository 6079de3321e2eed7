package org.perturba.experiment.spec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Typed, path-aware access to one JSON object of an experiment file: every error names the field
 * by its path (e.g. {@code attacks[1].directions[0]}), and fields nobody asked for are reported as
 * unknown, so that a typo does not silently fall back to a default.
 */
final class JsonObjectReader {
    /** Beyond any double (1e308, 4.9e-324): a parameter number with more zeros is a mistake. */
    private static final int MAX_PLAIN_ZEROS = 400;
    private final String path;
    private final JsonObject object;
    private final Set<String> read = new TreeSet<>();

    private JsonObjectReader(String path, JsonObject object) {
        this.path = path;
        this.object = object;
    }

    static JsonObjectReader of(String path, JsonElement element) throws InvalidExperimentException {
        if (element == null || !element.isJsonObject()) {
            throw new InvalidExperimentException((path.isEmpty() ? "the file" : path) + ": expected an object { ... }");
        }
        return new JsonObjectReader(path, element.getAsJsonObject());
    }

    String path(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    boolean has(String field) {
        read.add(field);
        return object.has(field) && !object.get(field).isJsonNull();
    }

    Optional<String> string(String field) throws InvalidExperimentException {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonElement value = object.get(field);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString() || value.getAsString().isBlank()) {
            throw new InvalidExperimentException(path(field) + ": expected a non-empty string, got " + value);
        }
        return Optional.of(value.getAsString());
    }

    String requiredString(String field) throws InvalidExperimentException {
        return string(field).orElseThrow(() -> missing(field));
    }

    long integer(String field, long defaultValue, long min, long max) throws InvalidExperimentException {
        if (!has(field)) {
            return defaultValue;
        }
        return integer(path(field), object.get(field), min, max);
    }

    /**
     * A whole number read from its text as written, never through {@code double}: every value up to
     * 2^63 - 1 arrives unchanged, and a larger one is refused rather than rounded.
     */
    static long integer(String path, JsonElement value, long min, long max) throws InvalidExperimentException {
        number(path, value);
        BigDecimal number;
        try {
            number = new BigDecimal(value.getAsString());
        } catch (NumberFormatException e) { // an exponent beyond int, e.g. 1e2147483648
            number = null;
        }
        if (number == null || number.stripTrailingZeros().scale() > 0 || number.compareTo(BigDecimal.valueOf(min)) < 0
                || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new InvalidExperimentException(path + ": expected a whole number in [" + min + ", " + max + "], got " + value);
        }
        return number.longValueExact();
    }

    double decimal(String field, double defaultValue, double min, double max) throws InvalidExperimentException {
        if (!has(field)) {
            return defaultValue;
        }
        return decimal(path(field), object.get(field), min, max);
    }

    static double decimal(String path, JsonElement value, double min, double max) throws InvalidExperimentException {
        double number = number(path, value);
        if (!(number >= min && number <= max)) {
            throw new InvalidExperimentException(path + ": expected a number in [" + min + ", " + max + "], got " + value);
        }
        return number;
    }

    /**
     * A grid as {@link GridRequest#parse} reads it, written as a number ({@code 32}), a string
     * ({@code "96x112x96"}, {@code "2mm"}) or an array of three sides ({@code [96, 112, 96]}).
     */
    GridRequest grid(String field, GridRequest defaultValue) throws InvalidExperimentException {
        if (!has(field)) {
            return defaultValue;
        }
        JsonElement value = object.get(field);
        String text;
        if (value.isJsonArray() && value.getAsJsonArray().size() == 3) {
            StringBuilder shape = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                shape.append(i == 0 ? "" : "x").append(integer(path(field) + "[" + i + "]", value.getAsJsonArray().get(i), 1,
                        GridRequest.MAX_SIDE));
            }
            text = shape.toString();
        } else if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            text = Long.toString(integer(path(field), value, 1, GridRequest.MAX_SIDE));
        } else if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            text = value.getAsString();
        } else {
            throw new InvalidExperimentException(path(field) + ": expected a cube side (32), a shape ([96, 112, 96] or \"96x112x96\")"
                    + " or a voxel size (\"2mm\"), got " + value);
        }
        try {
            return GridRequest.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidExperimentException(path(field) + ": " + e.getMessage());
        }
    }

    boolean bool(String field, boolean defaultValue) throws InvalidExperimentException {
        if (!has(field)) {
            return defaultValue;
        }
        JsonElement value = object.get(field);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            throw new InvalidExperimentException(path(field) + ": expected true or false, got " + value);
        }
        return value.getAsBoolean();
    }

    JsonObjectReader object(String field) throws InvalidExperimentException {
        if (!has(field)) {
            throw missing(field);
        }
        return of(path(field), object.get(field));
    }

    /**
     * The elements of an array field, each converted with its path; empty when the field is absent.
     * An empty array is refused: it looks like "none" but would silently mean the default.
     */
    <T> List<T> list(String field, ElementReader<T> reader) throws InvalidExperimentException {
        if (!has(field)) {
            return List.of();
        }
        JsonElement value = object.get(field);
        if (!value.isJsonArray()) {
            throw new InvalidExperimentException(path(field) + ": expected an array [ ... ], got " + value);
        }
        JsonArray array = value.getAsJsonArray();
        if (array.isEmpty()) {
            throw new InvalidExperimentException(path(field) + ": an empty array; give at least one value, or leave the field out"
                    + " for its default");
        }
        List<T> result = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            result.add(reader.read(path(field) + "[" + i + "]", array.get(i)));
        }
        return result;
    }

    /** Every member of an object field as text: strings as they are, numbers and booleans as written. */
    Map<String, String> textMap(String field) throws InvalidExperimentException {
        Map<String, String> result = new LinkedHashMap<>();
        if (!has(field)) {
            return result;
        }
        JsonObjectReader members = object(field);
        for (Map.Entry<String, JsonElement> entry : members.object.entrySet()) {
            JsonElement value = entry.getValue();
            if (!value.isJsonPrimitive()) {
                throw new InvalidExperimentException(members.path(entry.getKey()) + ": expected a string, number or boolean, got "
                        + value);
            }
            JsonPrimitive primitive = value.getAsJsonPrimitive();
            result.put(entry.getKey(),
                    primitive.isNumber() ? plainNumber(members.path(entry.getKey()), primitive) : primitive.getAsString());
        }
        return result;
    }

    /** Fails on any field that was never asked for: most likely a typo. */
    void requireNoOtherFields() throws InvalidExperimentException {
        for (String field : object.keySet()) {
            if (!read.contains(field)) {
                throw new InvalidExperimentException(path(field) + ": unknown field (expected one of " + String.join(", ", read) + ")");
            }
        }
    }

    InvalidExperimentException missing(String field) {
        return new InvalidExperimentException(path(field) + ": required field is missing");
    }

    interface ElementReader<T> {
        T read(String path, JsonElement element) throws InvalidExperimentException;
    }

    static String text(String path, JsonElement value) throws InvalidExperimentException {
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new InvalidExperimentException(path + ": expected a string, got " + value);
        }
        return value.getAsString();
    }

    private static double number(String path, JsonElement value) throws InvalidExperimentException {
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new InvalidExperimentException(path + ": expected a number, got " + value);
        }
        return value.getAsDouble();
    }

    /**
     * 10 rather than 10.0: attack parameters of integer type must read back as integers. Numbers whose
     * plain form would be huge are refused: found by review for fuzzing and reproduced by the fuzz
     * target, {@code 1e999999999} (valid JSON) made {@code toPlainString} build a gigabyte of zeros
     * (OutOfMemoryError) and {@code 1e2147483648} threw an unchecked NumberFormatException.
     */
    private static String plainNumber(String path, JsonPrimitive number) throws InvalidExperimentException {
        BigDecimal value;
        try {
            value = new BigDecimal(number.getAsString()).stripTrailingZeros();
        } catch (NumberFormatException e) {
            throw new InvalidExperimentException(path + ": " + number + " is out of range");
        }
        if (value.scale() < -MAX_PLAIN_ZEROS || value.scale() - value.precision() > MAX_PLAIN_ZEROS) {
            throw new InvalidExperimentException(path + ": " + number + " is out of range (at most "
                    + MAX_PLAIN_ZEROS + " zeros before or after the digits)");
        }
        return value.toPlainString();
    }
}

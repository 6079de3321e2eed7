package org.perturba.experiment.output;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

import org.perturba.core.registry.ContributionKind;
import org.perturba.experiment.stats.Interval;
import org.perturba.experiment.stats.Verdict;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

/**
 * Binds {@link Summary} to {@code summary.json} and back with Gson: the records are the schema, so
 * the writer and the reader cannot disagree on a field. Every key is written (an empty optional or
 * an undefined number as null); reading is strict about types (no number read from a string) and
 * names the field of a defect. An absent key reads as null would: an empty optional, NaN, an empty
 * list or map, and a missing value for a required text or count.
 */
public final class SummaryJson {
    private static final Gson GSON = new GsonBuilder().serializeNulls().setPrettyPrinting().disableHtmlEscaping()
            .registerTypeAdapterFactory(new Adapters()).create();

    private SummaryJson() {
    }

    public static String write(Summary summary) {
        return GSON.toJson(summary) + "\n";
    }

    /** @throws JsonParseException naming the field (e.g. {@code models[0].id: missing}) of the first defect */
    public static Summary read(String json) {
        JsonElement root = JsonParser.parseString(json);
        if (!root.isJsonObject()) {
            throw new JsonParseException("expected a JSON object");
        }
        fillAbsentKeys(root, Summary.class);
        return GSON.fromJson(root, Summary.class);
    }

    /** Gives every absent key of a record a null, so that the adapters below decide what absence means. */
    private static void fillAbsentKeys(JsonElement element, Type type) {
        Class<?> raw = TypeToken.get(type).getRawType();
        if (raw.isRecord() && element instanceof JsonObject object) {
            for (RecordComponent component : raw.getRecordComponents()) {
                if (object.has(component.getName())) {
                    fillAbsentKeys(object.get(component.getName()), component.getGenericType());
                } else {
                    object.add(component.getName(), JsonNull.INSTANCE);
                }
            }
        } else if (type instanceof ParameterizedType generic && (raw == List.class || raw == Optional.class)) {
            Type item = generic.getActualTypeArguments()[0];
            if (element instanceof JsonArray array) {
                array.forEach(entry -> fillAbsentKeys(entry, item));
            } else if (raw == Optional.class) {
                fillAbsentKeys(element, item);
            }
        }
    }

    /** The field being read, as a summary's reader would name it: {@code attacks[2].epsilon}. */
    private static String where(JsonReader in) {
        String path = in.getPath();
        return path.startsWith("$.") ? path.substring(2) : path;
    }

    private static JsonParseException expected(JsonReader in, String what) throws IOException {
        return new JsonParseException(where(in) + ": " + (in.peek() == JsonToken.NULL ? "missing" : "expected " + what));
    }

    private static final class Adapters implements TypeAdapterFactory {
        @Override
        @SuppressWarnings("unchecked")
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            Class<?> raw = type.getRawType();
            if (raw == Optional.class) {
                return (TypeAdapter<T>) optional(gson, ((ParameterizedType) type.getType()).getActualTypeArguments()[0]);
            }
            if (raw == List.class || raw == Map.class) {
                return (TypeAdapter<T>) emptyWhenNull(gson.getDelegateAdapter(this, (TypeToken<Object>) type),
                        raw == List.class ? List.of() : Map.of());
            }
            if (raw == double.class || raw == Double.class) {
                return (TypeAdapter<T>) NUMBER;
            }
            if (raw == int.class || raw == Integer.class) {
                return (TypeAdapter<T>) SummaryJson.<Integer>whole(Math::toIntExact);
            }
            if (raw == long.class || raw == Long.class) {
                return (TypeAdapter<T>) SummaryJson.<Long>whole(value -> value);
            }
            if (raw == String.class) {
                return (TypeAdapter<T>) TEXT;
            }
            if (raw == boolean.class || raw == Boolean.class) {
                return (TypeAdapter<T>) TRUTH;
            }
            if (raw == ContributionKind.class) {
                return (TypeAdapter<T>) KIND;
            }
            if (raw == Interval.class) {
                return (TypeAdapter<T>) INTERVAL;
            }
            if (raw == Verdict.class) {
                return (TypeAdapter<T>) VERDICT;
            }
            return null;
        }
    }

    private static <T> TypeAdapter<Optional<T>> optional(Gson gson, Type item) {
        @SuppressWarnings("unchecked")
        TypeAdapter<T> inner = (TypeAdapter<T>) gson.getAdapter(TypeToken.get(item));
        return new TypeAdapter<>() {
            @Override
            public void write(JsonWriter out, Optional<T> value) throws IOException {
                if (value == null || value.isEmpty()) {
                    out.nullValue();
                } else {
                    inner.write(out, value.get());
                }
            }

            @Override
            public Optional<T> read(JsonReader in) throws IOException {
                if (in.peek() == JsonToken.NULL) {
                    in.nextNull();
                    return Optional.empty();
                }
                return Optional.of(inner.read(in));
            }
        };
    }

    private static TypeAdapter<Object> emptyWhenNull(TypeAdapter<Object> delegate, Object empty) {
        return new TypeAdapter<>() {
            @Override
            public void write(JsonWriter out, Object value) throws IOException {
                delegate.write(out, value);
            }

            @Override
            public Object read(JsonReader in) throws IOException {
                if (in.peek() == JsonToken.NULL) {
                    in.nextNull();
                    return empty;
                }
                String where = where(in);
                Object value = delegate.read(in);
                if (value instanceof List<?> list && list.contains(null) || value instanceof Map<?, ?> map && map.containsValue(null)) {
                    throw new JsonParseException(where + ": expected no null entries");
                }
                return value;
            }
        };
    }

    /** Numbers; JSON has no NaN, so an undefined one is written as null and null reads as NaN. */
    private static final TypeAdapter<Double> NUMBER = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Double value) throws IOException {
            if (value == null || !Double.isFinite(value)) {
                out.nullValue();
            } else {
                out.value(value.doubleValue());
            }
        }

        @Override
        public Double read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return Double.NaN;
            }
            if (in.peek() != JsonToken.NUMBER) {
                throw expected(in, "a number");
            }
            return in.nextDouble();
        }
    };

    /** Counts and seeds: required, and whole (read exactly, never through a double). */
    private static <T extends Number> TypeAdapter<T> whole(LongFunction<T> convert) {
        return new TypeAdapter<>() {
            @Override
            public void write(JsonWriter out, T value) throws IOException {
                out.value(value);
            }

            @Override
            public T read(JsonReader in) throws IOException {
                if (in.peek() != JsonToken.NUMBER) {
                    throw expected(in, "a whole number");
                }
                String where = where(in);
                try {
                    return convert.apply(Long.parseLong(in.nextString())); // the text: a tree's nextLong would truncate 5.5
                } catch (NumberFormatException | ArithmeticException e) {
                    throw new JsonParseException(where + ": expected a whole number in range");
                }
            }
        };
    }

    private static final TypeAdapter<String> TEXT = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, String value) throws IOException {
            out.value(value);
        }

        @Override
        public String read(JsonReader in) throws IOException {
            if (in.peek() != JsonToken.STRING) {
                throw expected(in, "a string");
            }
            return in.nextString();
        }
    };

    private static final TypeAdapter<Boolean> TRUTH = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Boolean value) throws IOException {
            out.value(value);
        }

        @Override
        public Boolean read(JsonReader in) throws IOException {
            if (in.peek() != JsonToken.BOOLEAN) {
                throw expected(in, "true or false");
            }
            return in.nextBoolean();
        }
    };

    /** A contribution's kind in lower case, as {@code failures} lists it. */
    private static final TypeAdapter<ContributionKind> KIND = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, ContributionKind value) throws IOException {
            out.value(value.name().toLowerCase(Locale.ROOT));
        }

        @Override
        public ContributionKind read(JsonReader in) throws IOException {
            String where = where(in);
            String kind = TEXT.read(in);
            return Arrays.stream(ContributionKind.values()).filter(value -> value.name().toLowerCase(Locale.ROOT).equals(kind))
                    .findFirst().orElseThrow(() -> new JsonParseException(where + ": expected " + Arrays.stream(ContributionKind.values())
                            .map(value -> value.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ", got '" + kind + "'"));
        }
    };

    /** A 95 % interval as {@code [lo, hi]}; an undefined one as null, and null (or absence) reads as undefined. */
    private static final TypeAdapter<Interval> INTERVAL = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Interval value) throws IOException {
            if (value == null || !value.defined()) {
                out.nullValue();
            } else {
                out.beginArray().value(value.lo()).value(value.hi()).endArray();
            }
        }

        @Override
        public Interval read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return Interval.UNDEFINED;
            }
            String where = where(in);
            if (in.peek() != JsonToken.BEGIN_ARRAY) {
                throw expected(in, "[lo, hi]");
            }
            in.beginArray();
            double lo = NUMBER.read(in);
            double hi = in.hasNext() ? NUMBER.read(in) : Double.NaN;
            if (in.hasNext() || Double.isNaN(lo) || Double.isNaN(hi) || lo > hi) {
                throw new JsonParseException(where + ": expected [lo, hi] with lo <= hi");
            }
            in.endArray();
            return new Interval(lo, hi);
        }
    };

    /** A finding's verdict by its name; an absent one (a summary written before verdicts) reads as not measured. */
    private static final TypeAdapter<Verdict> VERDICT = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Verdict value) throws IOException {
            out.value(value.id());
        }

        @Override
        public Verdict read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return Verdict.NOT_MEASURED;
            }
            String where = where(in);
            try {
                return Verdict.of(TEXT.read(in));
            } catch (IllegalArgumentException e) {
                throw new JsonParseException(where + ": " + e.getMessage());
            }
        }
    };
}

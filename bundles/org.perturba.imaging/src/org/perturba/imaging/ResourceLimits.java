package org.perturba.imaging;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The caps on what Perturba reads from files that other people made: each {@link Limit} has a
 * default and is overridden by the system property {@code perturba.limit.<name>} (set through
 * {@code PERTURBA_JAVA_OPTS}, e.g. {@code -Dperturba.limit.max-voxels=1G}). Values are positive whole
 * numbers, optionally with a binary suffix K, M or G; anything else is a one-line
 * {@link IllegalArgumentException} naming the property. It lives in the imaging bundle, the lowest
 * one, because every reader above it (images, models, experiments) needs it and imaging depends on
 * the JDK alone.
 */
public final class ResourceLimits {
    /** The prefix of the system properties that override the defaults. */
    public static final String PROPERTY_PREFIX = "perturba.limit.";

    /** One cap: its name (the property's suffix), default and meaning. */
    public enum Limit {
        /** Voxels of one image (all dimensions multiplied): 512 Mi, e.g. 800³. */
        MAX_VOXELS("max-voxels", 512L << 20, "voxels in one image"),
        /** Size on disk of one image or model file, compressed or not: 4 GiB. */
        MAX_FILE_BYTES("max-file-bytes", 4L << 30, "bytes of one image or model file on disk"),
        /** What an image's voxel data or a model zip may hold once decompressed: 2 GiB. */
        MAX_DECOMPRESSED_BYTES("max-decompressed-bytes", 2L << 30, "bytes of image voxels or model zip content, decompressed"),
        /** Size of an experiment file: 1 MiB. */
        MAX_EXPERIMENT_FILE_BYTES("max-experiment-file-bytes", 1L << 20, "bytes of an experiment file"),
        /** Attacked-subject runs in an experiment's sweep (models × attacks × epsilons × directions × subjects, plus transfers). */
        MAX_SWEEP_SIZE("max-sweep-size", 1_000_000, "attacked-subject runs in an experiment's sweep");

        private final String name;
        private final long defaultValue;
        private final String description;

        Limit(String name, long defaultValue, String description) {
            this.name = name;
            this.defaultValue = defaultValue;
            this.description = description;
        }

        /** The name, e.g. {@code max-voxels}. */
        public String limitName() {
            return name;
        }

        /** The system property that sets it, e.g. {@code perturba.limit.max-voxels}. */
        public String property() {
            return PROPERTY_PREFIX + name;
        }

        public long defaultValue() {
            return defaultValue;
        }

        public String description() {
            return description;
        }
    }

    private static final ResourceLimits DEFAULTS = new ResourceLimits(new EnumMap<>(Limit.class));

    private final Map<Limit, Long> values;

    private ResourceLimits(Map<Limit, Long> overrides) {
        values = new EnumMap<>(Limit.class);
        for (Limit limit : Limit.values()) {
            values.put(limit, overrides.getOrDefault(limit, limit.defaultValue()));
        }
    }

    /** Every cap at its default. */
    public static ResourceLimits defaults() {
        return DEFAULTS;
    }

    /**
     * The caps as the system properties set them (defaults for those not set).
     *
     * @throws IllegalArgumentException when a property is not a positive number
     */
    public static ResourceLimits current() {
        return from(System.getProperties());
    }

    /** @throws IllegalArgumentException when a {@code perturba.limit.*} entry is unknown or not a positive number */
    public static ResourceLimits from(Properties properties) {
        Map<Limit, Long> overrides = new EnumMap<>(Limit.class);
        for (String key : properties.stringPropertyNames()) {
            if (!key.startsWith(PROPERTY_PREFIX)) {
                continue;
            }
            Limit limit = Arrays.stream(Limit.values()).filter(l -> l.property().equals(key)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(key + ": no such limit (limits: "
                            + Arrays.stream(Limit.values()).map(Limit::limitName).collect(Collectors.joining(", ")) + ")"));
            overrides.put(limit, parse(key, properties.getProperty(key)));
        }
        return new ResourceLimits(overrides);
    }

    /** A copy with one cap changed. */
    public ResourceLimits with(Limit limit, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(limit.property() + ": expected a positive number, got " + value);
        }
        Map<Limit, Long> changed = new EnumMap<>(values);
        changed.put(limit, value);
        return new ResourceLimits(changed);
    }

    public long get(Limit limit) {
        return values.get(limit);
    }

    /**
     * The one-line message of a refusal: what was found, the cap, and the property that raises it,
     * e.g. "1001 voxels, more than the limit of 1000 (perturba.limit.max-voxels)".
     */
    public String exceeded(Limit limit, String found) {
        return found + ", more than the limit of " + get(limit) + " (" + limit.property() + ")";
    }

    /** Whole numbers with an optional binary suffix: 1048576, 1024K, 1M and 1m are the same. */
    static long parse(String property, String text) {
        String value = text.strip().replace("_", "");
        long unit = 1;
        if (!value.isEmpty()) {
            switch (Character.toUpperCase(value.charAt(value.length() - 1))) {
            case 'K' -> unit = 1L << 10;
            case 'M' -> unit = 1L << 20;
            case 'G' -> unit = 1L << 30;
            default -> unit = 1;
            }
        }
        String digits = unit == 1 ? value : value.substring(0, value.length() - 1);
        try {
            long number = Long.parseLong(digits);
            if (number > 0 && number <= Long.MAX_VALUE / unit) {
                return number * unit;
            }
        } catch (NumberFormatException e) {
            // reported below, with the property's name
        }
        throw new IllegalArgumentException(property + ": expected a positive whole number (optionally with K, M or G), got \""
                + text + "\"");
    }

    @Override
    public String toString() {
        return values.entrySet().stream().map(e -> e.getKey().limitName() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "limits[", "]")).toLowerCase(Locale.ROOT);
    }
}

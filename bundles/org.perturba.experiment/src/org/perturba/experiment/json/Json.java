package org.perturba.experiment.json;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON text from maps, lists and arrays, strings, numbers and booleans: the format of every summary and
 * listing Perturba prints or stores. Maps keep their iteration order, so callers decide field order.
 */
public final class Json {
    private Json() {
    }

    /** Compact JSON text for a value. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value, -1, 0);
        return out.toString();
    }

    /** JSON text indented by two spaces per level. */
    public static String writePretty(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value, 2, 0);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value, int indent, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            appendString(out, text);
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Number number) {
            appendNumber(out, number);
        } else if (value instanceof Map<?, ?> map) {
            appendContainer(out, '{', '}', map.entrySet().iterator(), indent, depth);
        } else if (value instanceof Iterable<?> items) {
            appendArray(out, items, indent, depth);
        } else if (value instanceof double[] numbers) {
            appendArray(out, Arrays.stream(numbers).boxed().toList(), indent, depth);
        } else if (value instanceof int[] numbers) {
            appendArray(out, Arrays.stream(numbers).boxed().toList(), indent, depth);
        } else if (value instanceof long[] numbers) {
            appendArray(out, Arrays.stream(numbers).boxed().toList(), indent, depth);
        } else if (value instanceof Object[] items) {
            appendArray(out, Arrays.asList(items), indent, depth);
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    /** Arrays of plain values stay on one line even in indented output: a row of numbers reads best as a row. */
    private static void appendArray(StringBuilder out, Iterable<?> items, int indent, int depth) {
        boolean flat = true;
        for (Object item : items) {
            flat &= item == null || item instanceof String || item instanceof Number || item instanceof Boolean;
        }
        appendContainer(out, '[', ']', items.iterator(), flat ? -1 : indent, depth);
    }

    private static void appendContainer(StringBuilder out, char open, char close, Iterator<?> items, int indent,
            int depth) {
        out.append(open);
        boolean empty = true;
        while (items.hasNext()) {
            Object item = items.next();
            if (!empty) {
                out.append(',');
            }
            empty = false;
            newline(out, indent, depth + 1);
            if (item instanceof Map.Entry<?, ?> entry) {
                appendString(out, String.valueOf(entry.getKey()));
                out.append(indent < 0 ? ":" : ": ");
                append(out, entry.getValue(), indent, depth + 1);
            } else {
                append(out, item, indent, depth + 1);
            }
        }
        if (!empty) {
            newline(out, indent, depth);
        }
        out.append(close);
    }

    private static void newline(StringBuilder out, int indent, int depth) {
        if (indent >= 0) {
            out.append('\n').append(" ".repeat(indent * depth));
        }
    }

    private static void appendNumber(StringBuilder out, Number number) {
        double asDouble = number.doubleValue();
        if ((number instanceof Double || number instanceof Float) && !Double.isFinite(asDouble)) {
            out.append("null"); // JSON has no NaN or infinity
        } else {
            out.append(number);
        }
    }

    private static void appendString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            }
        }
        out.append('"');
    }
}

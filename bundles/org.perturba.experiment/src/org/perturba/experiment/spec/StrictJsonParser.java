package org.perturba.experiment.spec;

import java.util.HashSet;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Parses an experiment file's text into a Gson tree, stricter than Gson and with errors a user can
 * act on: one value and nothing after it, no field given twice (Gson keeps the last one silently),
 * numbers kept as written (so that a seed is never rounded through {@code double}), nesting capped,
 * and every error one line with its line and column, e.g. {@code not valid JSON at line 3 column 5:
 * expected ',' or '}'}, never Gson's internals.
 */
final class StrictJsonParser {
    /** No experiment file nests deeper than a few levels; the cap keeps hostile input off the stack. */
    private static final int MAX_DEPTH = 64;

    private final String text;
    private int position;

    private StrictJsonParser(String text) {
        this.text = text;
    }

    static JsonElement parse(String text) throws InvalidExperimentException {
        StrictJsonParser parser = new StrictJsonParser(text);
        JsonElement value = parser.value("", 0);
        parser.skipWhitespace();
        if (parser.position < text.length()) {
            throw parser.error("text after the end of the JSON value");
        }
        return value;
    }

    private JsonElement value(String path, int depth) throws InvalidExperimentException {
        skipWhitespace();
        if (position >= text.length()) {
            throw error("expected a value, found the end of the file");
        }
        char c = text.charAt(position);
        if (c == '{' || c == '[') {
            if (depth >= MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH + " levels");
            }
            return c == '{' ? object(path, depth + 1) : array(path, depth + 1);
        }
        if (c == '"') {
            return new JsonPrimitive(string());
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return new JsonPrimitive(new NumberText(number()));
        }
        for (String literal : new String[] {"true", "false", "null"}) {
            if (text.startsWith(literal, position)) {
                position += literal.length();
                return literal.equals("null") ? JsonNull.INSTANCE : new JsonPrimitive(literal.equals("true"));
            }
        }
        throw error("expected a value (an object, array, string, number, true, false or null)");
    }

    private JsonObject object(String path, int depth) throws InvalidExperimentException {
        position++; // '{'
        JsonObject object = new JsonObject();
        Set<String> names = new HashSet<>();
        skipWhitespace();
        if (consume('}')) {
            return object;
        }
        while (true) {
            skipWhitespace();
            if (position >= text.length() || text.charAt(position) != '"') {
                throw error("expected a field name in double quotes");
            }
            int nameStart = position;
            String name = string();
            String fieldPath = path.isEmpty() ? name : path + "." + name;
            if (!names.add(name)) {
                position = nameStart;
                throw new InvalidExperimentException(fieldPath + ": given twice (at " + location() + ")");
            }
            skipWhitespace();
            if (!consume(':')) {
                throw error("expected ':' after the field name");
            }
            object.add(name, value(fieldPath, depth));
            skipWhitespace();
            if (consume('}')) {
                return object;
            }
            if (!consume(',')) {
                throw error("expected ',' or '}'");
            }
        }
    }

    private JsonArray array(String path, int depth) throws InvalidExperimentException {
        position++; // '['
        JsonArray array = new JsonArray();
        skipWhitespace();
        if (consume(']')) {
            return array;
        }
        while (true) {
            array.add(value(path + "[" + array.size() + "]", depth));
            skipWhitespace();
            if (consume(']')) {
                return array;
            }
            if (!consume(',')) {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() throws InvalidExperimentException {
        position++; // opening quote
        StringBuilder value = new StringBuilder();
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == '"') {
                position++;
                return value.toString();
            }
            if (c < 0x20) {
                throw error("a control character in a string (write it as an escape, e.g. \\n)");
            }
            if (c == '\\') {
                value.append(escape());
            } else {
                value.append(c);
                position++;
            }
        }
        throw error("a string that never ends");
    }

    private char escape() throws InvalidExperimentException {
        if (position + 1 >= text.length()) {
            throw error("a string that never ends");
        }
        char c = text.charAt(position + 1);
        position += 2;
        switch (c) {
        case '"', '\\', '/':
            return c;
        case 'b':
            return '\b';
        case 'f':
            return '\f';
        case 'n':
            return '\n';
        case 'r':
            return '\r';
        case 't':
            return '\t';
        case 'u':
            if (position + 4 <= text.length() && text.substring(position, position + 4).matches("[0-9A-Fa-f]{4}")) {
                position += 4;
                return (char) Integer.parseInt(text.substring(position - 4, position), 16);
            }
            position -= 2;
            throw error("expected four hex digits after \\u");
        default:
            position -= 2;
            throw error("an unknown escape \\" + c);
        }
    }

    /** The number's text as written, checked against JSON's grammar: -? int frac? exp?. */
    private String number() throws InvalidExperimentException {
        int start = position;
        consume('-');
        if (consume('0')) {
            if (digits() > 0) {
                position = start;
                throw error("a number with a leading zero");
            }
        } else if (digits() == 0) {
            throw error("expected a digit");
        }
        if (consume('.') && digits() == 0) {
            throw error("expected a digit after the decimal point");
        }
        if (consume('e') || consume('E')) {
            if (!consume('+')) {
                consume('-');
            }
            if (digits() == 0) {
                throw error("expected a digit in the exponent");
            }
        }
        return text.substring(start, position);
    }

    private int digits() {
        int start = position;
        while (position < text.length() && text.charAt(position) >= '0' && text.charAt(position) <= '9') {
            position++;
        }
        return position - start;
    }

    private boolean consume(char c) {
        if (position < text.length() && text.charAt(position) == c) {
            position++;
            return true;
        }
        return false;
    }

    private void skipWhitespace() {
        while (position < text.length() && " \t\n\r".indexOf(text.charAt(position)) >= 0) {
            position++;
        }
    }

    private InvalidExperimentException error(String what) {
        return new InvalidExperimentException("not valid JSON at " + location() + ": " + what);
    }

    /** "line L column C" of the current position, both counted from 1. */
    private String location() {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < position && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + " column " + (position - lineStart + 1);
    }

    /**
     * A JSON number exactly as the file wrote it: whole numbers are read from this text (never
     * through {@code double}), and error messages quote what the user typed.
     */
    static final class NumberText extends Number {
        private static final long serialVersionUID = 1L;
        private final String text;

        NumberText(String text) {
            this.text = text;
        }

        @Override
        public double doubleValue() {
            return Double.parseDouble(text);
        }

        @Override
        public float floatValue() {
            return (float) doubleValue();
        }

        @Override
        public long longValue() {
            return (long) doubleValue();
        }

        @Override
        public int intValue() {
            return (int) doubleValue();
        }

        @Override
        public String toString() {
            return text;
        }
    }
}

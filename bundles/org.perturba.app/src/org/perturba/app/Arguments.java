package org.perturba.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options and operands one command accepts, checked strictly so that a typo never passes
 * silently: flags ({@code --json}), options with a value ({@code --out DIR} or {@code --out=DIR})
 * and required operands ({@code FILE}), in any order.
 */
final class Arguments {
    private final String command;
    private final Set<String> flags = new HashSet<>();
    private final Set<String> options = new HashSet<>();
    private final List<String> operands = new ArrayList<>();
    private boolean moreOperands;

    private Arguments(String command) {
        this.command = command;
    }

    static Arguments of(String command) {
        return new Arguments(command);
    }

    Arguments flag(String name) {
        flags.add(name);
        return this;
    }

    Arguments option(String name) {
        options.add(name);
        return this;
    }

    /** A required operand; its name appears in error messages, e.g. {@code FILE}. */
    Arguments operand(String name) {
        operands.add(name);
        return this;
    }

    /** Any number of operands after the required ones, e.g. {@code RUN_DIR...}. */
    Arguments moreOperands() {
        moreOperands = true;
        return this;
    }

    /** @throws UsageException on an unknown option, a missing value or a missing or extra operand */
    Parsed parse(List<String> arguments) throws UsageException {
        Set<String> presentFlags = new HashSet<>();
        Map<String, String> values = new HashMap<>();
        List<String> presentOperands = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            String name = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
            if (flags.contains(argument)) {
                presentFlags.add(argument);
            } else if (options.contains(name)) {
                String value = argument.contains("=") ? argument.substring(name.length() + 1)
                        : i + 1 < arguments.size() ? arguments.get(++i) : null;
                if (value == null || value.isEmpty()) {
                    throw new UsageException("option '" + name + "' of '" + command + "' needs a value");
                }
                values.put(name, value);
            } else if (argument.startsWith("-") && argument.length() > 1) {
                throw new UsageException("unknown option '" + argument + "' for '" + command + "'");
            } else if (presentOperands.size() < operands.size() || moreOperands) {
                presentOperands.add(argument);
            } else {
                throw new UsageException("unexpected argument '" + argument + "' for '" + command + "'");
            }
        }
        if (presentOperands.size() < operands.size()) {
            throw new UsageException("'" + command + "' needs " + operands.get(presentOperands.size()));
        }
        return new Parsed(command, presentFlags, values, presentOperands);
    }

    /** What a command line held, once checked. */
    record Parsed(String command, Set<String> flags, Map<String, String> values, List<String> operands) {

        boolean has(String flag) {
            return flags.contains(flag);
        }

        Optional<String> value(String option) {
            return Optional.ofNullable(values.get(option));
        }

        /** The value of an option the command cannot do without. */
        String required(String option) throws UsageException {
            return value(option).orElseThrow(() -> new UsageException("'" + command + "' needs " + option));
        }

        String operand(int index) {
            return operands.get(index);
        }

        int intValue(String option, int fallback) throws UsageException {
            return (int) longValue(option, fallback, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }

        /** A whole number, parsed as such: a seed near 2^63 must not pass through a double and lose its last digits. */
        long longValue(String option, long fallback) throws UsageException {
            String text = values.get(option);
            if (text == null) {
                return fallback;
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new UsageException("option '" + option + "' needs an integer, not '" + text + "'");
            }
        }

        /** A whole number within {@code [min, max]}, as a usage error otherwise. */
        long longValue(String option, long fallback, long min, long max) throws UsageException {
            long value = longValue(option, fallback);
            if (value < min || value > max) {
                throw new UsageException("option '" + option + "' must be between " + min + " and " + max + ", not " + value);
            }
            return value;
        }

        double doubleValue(String option, double fallback) throws UsageException {
            String text = values.get(option);
            if (text == null) {
                return fallback;
            }
            try {
                double value = Double.parseDouble(text);
                if (Double.isFinite(value)) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // answered below, as for an infinite value
            }
            throw new UsageException("option '" + option + "' needs a number, not '" + text + "'");
        }
    }
}

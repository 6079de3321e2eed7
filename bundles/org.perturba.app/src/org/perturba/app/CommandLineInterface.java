package org.perturba.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.perturba.imaging.ResourceLimits;

/**
 * Dispatches {@code perturba [--debug] COMMAND [options]} to its command and turns every failure
 * into a one-line message and an exit code: 2 for a malformed command line (with the usage),
 * 1 for a command that failed. Stack traces only with {@code --debug}. The resource limits
 * ({@code -Dperturba.limit.*}, through {@code PERTURBA_JAVA_OPTS}) are checked before any command runs.
 */
final class CommandLineInterface {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    /** Commands the launcher script runs itself, listed so that --help shows everything. */
    private static final Map<String, String> SCRIPT_COMMANDS = Map.of(
            "workbench", "open the Perturba workbench (RCP desktop application)");

    private final Map<String, Command> commands = new LinkedHashMap<>();

    CommandLineInterface(List<Command> commands) {
        commands.forEach(command -> this.commands.put(command.name(), command));
    }

    int run(List<String> arguments, Console console) {
        boolean debug = arguments.contains("--debug");
        List<String> rest = new ArrayList<>(arguments);
        rest.remove("--debug");
        try {
            ResourceLimits.current(); // a malformed limit is reported here, in one line, not deep inside a command
        } catch (IllegalArgumentException e) {
            console.err().println("perturba: error: " + e.getMessage());
            return EXIT_FAILED;
        }
        try {
            if (rest.isEmpty()) {
                throw new UsageException("no command given");
            }

            String first = rest.remove(0);
            if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
                console.out().println(usage());
                return EXIT_OK;
            }
            Command command = commands.get(first);
            if (command == null) {
                throw new UsageException(first.startsWith("-") ? "unknown option '" + first + "'"
                        : "unknown command '" + first + "'");
            }
            if (rest.contains("--help") || rest.contains("-h")) {
                console.out().println("usage: perturba " + command.name() + " " + command.synopsis()
                        + "\n  " + command.summary());
                return EXIT_OK;
            }
            return command.run(rest, console);
        } catch (UsageException e) {
            console.err().println("perturba: " + e.getMessage());
            console.err().println(usage());
            return EXIT_USAGE;
        } catch (CommandFailedException e) {
            console.err().println("perturba: error: " + e.getMessage());
            if (debug) {
                e.printStackTrace(console.err());
            }
            return EXIT_FAILED;
        } catch (RuntimeException | Error e) {
            console.err().println("perturba: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
            if (debug) {
                e.printStackTrace(console.err());
            }
            return EXIT_FAILED;
        }
    }

    String usage() {
        StringBuilder text = new StringBuilder("usage: perturba [--debug] COMMAND [options]\n\ncommands:\n");
        commands.values().forEach(command -> line(text, command.name() + " " + command.synopsis(), command.summary()));
        SCRIPT_COMMANDS.forEach((name, summary) -> line(text, name, summary));
        line(text, "help", "show this help; 'perturba COMMAND --help' shows one command");
        text.append("\noptions:\n");
        line(text, "--debug", "print stack traces of errors");
        return text.toString().stripTrailing();
    }

    private static void line(StringBuilder text, String left, String right) {
        text.append(String.format("  %-22s %s%n", left, right));
    }
}

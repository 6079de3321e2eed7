package org.perturba.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The options a command accepts, checked strictly so that a typo never passes silently. */
final class Arguments {
    private final Set<String> flags;

    private Arguments(Set<String> flags) {
        this.flags = flags;
    }

    static Arguments flags(String... flags) {
        return new Arguments(Set.of(flags));
    }

    /**
     * @return the flags present, in the order given
     * @throws UsageException on an unknown option or any positional argument
     */
    List<String> parse(String command, List<String> arguments) throws UsageException {
        List<String> present = new ArrayList<>();
        for (String argument : arguments) {
            if (!flags.contains(argument)) {
                throw new UsageException(argument.startsWith("-")
                        ? "unknown option '" + argument + "' for '" + command + "'"
                        : "unexpected argument '" + argument + "' for '" + command + "'");
            }
            present.add(argument);
        }
        return present;
    }
}

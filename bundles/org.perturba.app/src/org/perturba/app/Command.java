package org.perturba.app;

import java.util.List;

/** One sub-command of the {@code perturba} command line. */
interface Command {

    /** The word that selects it, e.g. {@code extensions}. */
    String name();

    /** Its options and arguments, after the command name, e.g. {@code [--json]}. */
    String synopsis();

    /** One line for the command list of {@code perturba --help}. */
    String summary();

    /**
     * @param arguments what follows the command name, global options already removed
     * @return the exit code
     */
    int run(List<String> arguments, Console console) throws UsageException, CommandFailedException;
}

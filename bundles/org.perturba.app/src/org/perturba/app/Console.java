package org.perturba.app;

import java.io.PrintStream;

/** Where a command writes: results to {@code out}, progress, warnings and errors to {@code err}. */
record Console(PrintStream out, PrintStream err) {

    void warn(String message) {
        err.println("perturba: warning: " + message);
    }
}

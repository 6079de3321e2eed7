package org.perturba.app;

import java.io.PrintStream;
import java.util.Locale;

import org.perturba.experiment.run.ContributionFailure;
import org.perturba.experiment.run.ExperimentProgress;

/**
 * Shows a running experiment on the console: on a terminal, one line per stage redrawn in place
 * as a progress bar with the time left; otherwise (a log file, a pipe) plain lines at the start
 * of each stage and about every tenth of it. Each stage starts with the time since the run began,
 * so that a long run (the paper-scale study takes about an hour) tells where its time went.
 */
final class ConsoleProgress implements ExperimentProgress {
    private static final int BAR_WIDTH = 28;

    private final PrintStream err;
    private final boolean terminal;
    private final long runStart = System.nanoTime();
    private String stage = "";
    private int steps;
    private long stageStart;
    private int lastReported;

    ConsoleProgress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void stage(String description, int steps) {
        finishLine();
        this.stage = description;
        this.steps = Math.max(1, steps);
        this.stageStart = System.nanoTime();
        this.lastReported = 0;
        String since = " (" + elapsed(stageStart - runStart) + " in)";
        if (terminal) {
            this.stage = description + since; // the bar's line keeps it
            draw(0);
        } else {
            err.println("perturba: " + description + since);
        }
    }

    @Override
    public void advance(int done) {
        if (terminal) {
            draw(done);
        } else if (done == steps || done - lastReported >= Math.max(1, steps / 10)) {
            err.printf(Locale.ROOT, "perturba: %s: %d/%d%s%n", stage, done, steps, eta(done));
            lastReported = done;
        }
    }

    @Override
    public void note(String message) {
        finishLine();
        err.println("perturba: " + message);
    }

    @Override
    public void failed(ContributionFailure failure) {
        finishLine();
        err.println("perturba: error: " + failure.describe() + " (the run goes on without it)");
    }

    @Override
    public boolean isCancelled() {
        return false; // Ctrl-C ends the process; --resume continues from what was stored
    }

    /** Ends the bar line of the stage that is over. */
    void finishLine() {
        if (terminal && !stage.isEmpty()) {
            err.println();
            stage = "";
        }
    }

    private void draw(int done) {
        int filled = (int) Math.round(BAR_WIDTH * Math.min(1.0, done / (double) steps));
        err.printf(Locale.ROOT, "\r%s [%s%s] %d/%d%s\u001b[K", stage, "#".repeat(filled), " ".repeat(BAR_WIDTH - filled), done, steps,
                eta(done));
        err.flush();
    }

    private String eta(int done) {
        if (done <= 0 || done >= steps) {
            return "";
        }
        double elapsed = (System.nanoTime() - stageStart) / 1e9;
        return ", " + duration(Math.round(elapsed / done * (steps - done))) + " left";
    }

    private static String elapsed(long nanoseconds) {
        return duration(Math.round(nanoseconds / 1e9));
    }

    private static String duration(long seconds) {
        return seconds >= 60 ? String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60)
                : String.format(Locale.ROOT, "%d s", seconds);
    }
}

package org.perturba.releng.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One run of a materialized product's launcher script, as a user would start it. */
record ProductRun(int exitCode, String out, String err) {
    /** Guards against a hung command, not a timing requirement: shared CI machines are slow at times. */
    static final Duration DEFAULT_LIMIT = Duration.ofMinutes(2);

    static Path installation(String product) {
        Path install = BundleManifest.ROOT.resolve("releng/org.perturba." + product + ".product/target/products/org.perturba."
                + product + "/linux/gtk/x86_64");
        if (!Files.isDirectory(install)) {
            throw new IllegalStateException("the " + product + " product is not materialized at " + install);
        }
        return install;
    }

    static ProductRun run(String product, String launcher, String... arguments) throws IOException, InterruptedException {
        return run(Map.of(), product, launcher, arguments);
    }

    /** A run with extra environment variables, as a user who exports them would start it. */
    static ProductRun run(Map<String, String> environment, String product, String launcher, String... arguments)
            throws IOException, InterruptedException {
        return run(DEFAULT_LIMIT, environment, product, launcher, arguments);
    }

    /** A long run (a whole experiment), killed only when it exceeds {@code limit}. */
    static ProductRun run(Duration limit, Map<String, String> environment, String product, String launcher, String... arguments)
            throws IOException, InterruptedException {
        return run(limit, environment, installation(product).resolve(launcher), arguments);
    }

    /** A run of the launcher of any installation, e.g. a copy of a product. */
    static ProductRun run(Duration limit, Map<String, String> environment, Path launcher, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(arguments));
        Path out = Files.createTempFile("perturba-out", ".txt");
        Path err = Files.createTempFile("perturba-err", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + limit.toSeconds() + " s");
            }
            return new ProductRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Starts a launcher without waiting, its output discarded: for tests that interrupt a run. Kill
     * it with {@link #killHard}, which also ends the Java process the script started.
     */
    static Process start(String product, String launcher, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(installation(product).resolve(launcher).toString());
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** SIGKILL to the launcher and everything it started, as {@code kill -9} or a power cut would end them. */
    static void killHard(Process process) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : tree) {
            handle.onExit().join();
        }
    }

    /** Whether the output shows a Java stack trace, which users must never see without --debug. */
    boolean showsStackTrace() {
        return (out + err).lines().anyMatch(line -> line.strip().startsWith("at ") && line.contains("("))
                || (out + err).contains("Exception in thread");
    }
}

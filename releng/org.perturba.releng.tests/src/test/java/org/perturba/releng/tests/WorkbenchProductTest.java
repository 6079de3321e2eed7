package org.perturba.releng.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The materialized RCP product opens a window titled Perturba. Run on the build's display (a
 * virtual one where there is none); xwininfo (Debian x11-utils) looks for the window.
 */
class WorkbenchProductTest {
    private static final long STARTUP_LIMIT_MS = 90_000;

    @Test
    void opensAPerturbaWindow(@TempDir Path workspace) throws Exception {
        Path log = workspace.resolve("workbench.log");
        ProcessBuilder builder = new ProcessBuilder(
                ProductRun.installation("rcp").resolve("perturba-workbench").toString(), "-consoleLog")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PERTURBA_WORKSPACE", workspace.resolve("ws").toString());
        Process workbench = builder.start();
        try {
            long deadline = System.currentTimeMillis() + STARTUP_LIMIT_MS;
            while (!windowTitledPerturbaIsShown()) {
                if (!workbench.isAlive()) {
                    fail("the workbench exited with " + workbench.exitValue() + ":\n" + Files.readString(log));
                }
                if (System.currentTimeMillis() > deadline) {
                    fail("no Perturba window after " + STARTUP_LIMIT_MS / 1000 + " s:\n" + Files.readString(log));
                }
                Thread.sleep(500);
            }
        } finally {
            workbench.destroy();
            if (!workbench.waitFor(20, TimeUnit.SECONDS)) {
                workbench.destroyForcibly();
            }
        }
        String output = Files.readString(log);
        assertTrue(!output.contains("!ENTRY") || !output.contains("!STACK"), "the workbench logged errors:\n" + output);
    }

    private static boolean windowTitledPerturbaIsShown() throws IOException, InterruptedException {
        Process xwininfo;
        try {
            xwininfo = new ProcessBuilder("xwininfo", "-root", "-tree").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("xwininfo is missing: apt-get install x11-utils (.ci/run does)", e);
        }
        String windows = new String(xwininfo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        xwininfo.waitFor();
        return windows.contains("\"Perturba\"");
    }
}

package org.perturba.releng.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The README's "Your own model and data" walkthrough, run as written: its shell block, in a fresh
 * folder, with {@code ./perturba} the built product and {@code examples/} the repository's.
 * It needs PyTorch and nibabel from Debian ({@code .ci/run} installs them).
 */
class WalkthroughTest {
    private static final String SECTION = "## Your own model and data";

    @TempDir
    Path dir;

    @Test
    void theReadmesWalkthroughRunsAsWritten() throws Exception {
        assumeTrue(new ProcessBuilder("/usr/bin/python3", "-c", "import torch, nibabel").start().waitFor() == 0,
                "the walkthrough needs python3-torch and python3-nibabel");
        List<String> commands = commands(Files.readString(BundleManifest.ROOT.resolve("README.md"), StandardCharsets.UTF_8));
        StringBuilder script = new StringBuilder("set -euo pipefail\n");
        for (String command : commands) {
            script.append(command.replace("./perturba ", ProductRun.installation("headless").resolve("perturba") + " ")
                    .replace(" examples/", " " + BundleManifest.ROOT.resolve("examples") + "/")).append('\n');
        }
        Path log = dir.resolve("walkthrough.log");
        Process process = new ProcessBuilder("bash", "-c", script.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(20, TimeUnit.MINUTES), "the walkthrough did not finish within 20 minutes");
        assertEquals(0, process.exitValue(), script + "\n" + Files.readString(log));
        JsonObject summary = JsonParser.parseString(Files.readString(dir.resolve("my-study/run/summary.json"))).getAsJsonObject();
        assertTrue(summary.toString().contains("\"sfcn\""), summary.toString());
        assertTrue(Files.size(dir.resolve("my-study/run/report.html")) > 0);
    }

    /** The lines of the first {@code sh} block after the walkthrough's heading. */
    private static List<String> commands(String readme) {
        int section = readme.indexOf(SECTION);
        assertTrue(section >= 0, "the README has no '" + SECTION + "' section");
        int start = readme.indexOf("```sh\n", section) + "```sh\n".length();
        int end = readme.indexOf("```", start);
        List<String> lines = readme.substring(start, end).lines().filter(line -> !line.isBlank()).toList();
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("./perturba run ")), lines.toString());
        return lines;
    }
}

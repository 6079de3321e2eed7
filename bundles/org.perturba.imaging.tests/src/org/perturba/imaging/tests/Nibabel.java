package org.perturba.imaging.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

/**
 * Runs Python scripts that use nibabel, the reference NIfTI implementation, for tests that compare
 * Perturba with it. Where no Python 3 with nibabel is installed (CI installs Debian's
 * python3-nibabel) the calling test is skipped, not passed.
 */
public final class Nibabel {
    private Nibabel() {
    }

    /**
     * Runs {@code script} with {@code arguments}; its stdout must be one JSON value.
     *
     * @param scratch a directory for the script's output streams
     */
    public static JsonElement run(Path script, List<String> arguments, Path scratch)
            throws IOException, InterruptedException {
        String python = interpreter();
        List<String> command = new ArrayList<>(List.of(python, script.toString()));
        command.addAll(arguments);
        Path output = scratch.resolve("nibabel.json");
        Path errors = scratch.resolve("nibabel.err");
        Process process = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile())
                .start();
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "nibabel did not finish within 5 minutes");
        assertEquals(0, process.exitValue(), () -> "nibabel failed:\n" + read(errors));
        return JsonParser.parseString(read(output));
    }

    /** Debian's interpreter first: a python3 earlier on the PATH (pyenv, venv) often lacks nibabel. */
    private static String interpreter() throws InterruptedException {
        for (String candidate : new String[] { "/usr/bin/python3", "python3" }) {
            try {
                Process probe = new ProcessBuilder(candidate, "-c", "import nibabel").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    return candidate;
                }
                probe.destroyForcibly();
            } catch (IOException notInstalled) {
                // try the next candidate
            }
        }
        assumeTrue(false, "no python3 with nibabel installed (Debian: python3-nibabel)");
        throw new IllegalStateException("unreachable");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}

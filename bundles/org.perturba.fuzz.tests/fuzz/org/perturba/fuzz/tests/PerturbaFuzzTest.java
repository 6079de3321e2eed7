package org.perturba.fuzz.tests;

import java.io.IOException;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer's entry points to {@link FuzzTargets}, compiled and run on a plain class path by
 * {@code releng/fuzz/run} (Jazzer's agent instruments classes, which the OSGi class loaders of the
 * Tycho build get in the way of). Without {@code JAZZER_FUZZ} they replay the corpus as
 * {@link FuzzCorpusTest} does in the build; with it they fuzz, one per run. An input that runs longer
 * than libFuzzer's {@code -timeout} (10 s, set by the script; a JUnit {@code @Timeout} here would cut
 * the whole fuzzing run short) is a finding: a hang.
 */
class PerturbaFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void niftiRead(byte[] input) throws IOException {
        FuzzTargets.niftiRead(input);
    }

    @FuzzTest(maxDuration = "60s")
    void experimentSpec(byte[] input) throws IOException {
        FuzzTargets.experimentSpec(input);
    }

    @FuzzTest(maxDuration = "60s")
    void participantsTsv(byte[] input) throws IOException {
        FuzzTargets.participantsTsv(input);
    }

    @FuzzTest(maxDuration = "60s")
    void dsegTsv(byte[] input) throws IOException {
        FuzzTargets.dsegTsv(input);
    }

    @FuzzTest(maxDuration = "60s")
    void onnxModel(byte[] input) throws IOException {
        FuzzTargets.onnxModel(input);
    }
}

package org.perturba.releng.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Realistic mistakes and hostile input on the command line, each answered before any work starts
 * with its exit code (2: malformed command line, 1: a command that cannot do its work) and one line
 * that says what is wrong, never a stack trace. {@code {dir}} in an argument is a scratch folder
 * holding {@code cohort} (10 subjects), {@code small} (3 of them), {@code study.json} (a model's
 * sidecar without its zip), {@code experiment.json} (a valid one), {@code run} (a finished run's summary, at epsilon 0.01),
 * {@code existing.csv} and {@code image.nii}.
 */
class CommandLineMatrixTest {
    @TempDir
    static Path dir;

    /** One bad input and how it must be answered; {@code product} and {@code launcher} as in {@link ProductRun}. */
    record Case(String name, Map<String, String> environment, String product, String launcher, List<String> arguments,
            int exitCode, String message) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // outputs are checked before any work starts
                perturba("train into a missing folder", 1, "cannot write {dir}/missing/m.zip: no such folder {dir}/missing",
                        "train", "--data", "{dir}/cohort", "--model", "conventional", "--out", "{dir}/missing/m.zip"),
                perturba("train into a folder that takes no files", 1, "cannot write /proc/m.zip: /proc does not accept new entries",
                        "train", "--data", "{dir}/cohort", "--model", "conventional", "--out", "/proc/m.zip"),
                perturba("train over an existing sidecar", 1, "{dir}/study.json: already exists, the metadata file saved beside study.zip",
                        "train", "--data", "{dir}/cohort", "--model", "conventional", "--out", "{dir}/study.zip"),
                perturba("train-segmenter over an existing sidecar", 1,
                        "{dir}/study.json: already exists, the metadata file saved beside study.zip",
                        "train-segmenter", "--data", "{dir}/cohort", "--out", "{dir}/study.zip"),
                perturba("train-segmenter with an unknown region scheme", 2,
                        "option '--regions' must be one of brain-regions, all-labels, not 'lobes'",
                        "train-segmenter", "--data", "{dir}/cohort", "--out", "{dir}/s.zip", "--regions", "lobes"),
                perturba("train-segmenter on too few subjects for a test split", 1, "{dir}/small: 3 subjects split into",
                        "train-segmenter", "--data", "{dir}/small", "--out", "{dir}/s.zip"),
                perturba("evaluate over an existing CSV", 1, "{dir}/existing.csv: already exists (add --force to replace it)",
                        "evaluate", "--model", "{dir}/none.zip", "--data", "{dir}/cohort", "--csv", "{dir}/existing.csv"),
                perturba("evaluate into a missing folder", 1, "cannot write /missing/x.csv: no such folder /missing",
                        "evaluate", "--model", "{dir}/none.zip", "--data", "{dir}/cohort", "--csv", "/missing/x.csv"),
                perturba("convert into a missing folder", 1, "cannot write /missing/out.nii: no such folder /missing",
                        "convert", "{dir}/image.nii", "/missing/out.nii"),
                perturba("cohort where no folder can be made", 1, "cannot create folder /proc/perturba: /proc does not accept",
                        "cohort", "--out", "/proc/perturba"),
                perturba("run where no folder can be made", 1, "cannot create folder /proc/perturba: /proc does not accept",
                        "run", "{dir}/experiment.json", "--out", "/proc/perturba"),
                perturba("demo where no folder can be made", 1, "cannot create folder /proc/perturba: /proc does not accept",
                        "demo", "--quick", "--out", "/proc/perturba"),
                // options are usage errors before anything runs
                perturba("a grid of 0", 2, "option '--grid': grid 0x0x0: sides must be between 8 and 256",
                        "train", "--data", "{dir}/cohort", "--model", "conventional", "--out", "{dir}/g.zip", "--grid", "0"),
                perturba("a negative grid", 2, "option '--grid': expected a cube side (32), a shape (96x112x96) or a voxel size (2mm), not \"-8\"",
                        "train", "--data", "{dir}/cohort", "--model", "conventional", "--out", "{dir}/g.zip", "--grid", "-8"),
                perturba("a grid of 4096", 2, "option '--grid': grid 4096x4096x4096: sides must be between 8 and 256",
                        "train", "--data", "{dir}/cohort", "--model", "conventional", "--out", "{dir}/g.zip", "--grid", "4096"),
                perturba("a grid of 512", 2, "option '--grid': grid 512x512x512: sides must be between 8 and 256",
                        "train", "--data", "{dir}/cohort", "--model", "conventional", "--out", "{dir}/g.zip", "--grid", "512"),
                perturba("a grid the network cannot pool", 2, "option '--grid': grid 12x12x12: each side must be a multiple of 8 for the 3 poolings of a network on it (16x16x16 would do)",
                        "train", "--data", "{dir}/cohort", "--model", "conventional", "--out", "{dir}/g.zip", "--grid", "12"),
                perturba("MNI's 2 mm shape, which four poolings do not divide", 2,
                        "option '--grid': grid 91x109x91: each side must be a multiple of 16 for the 4 poolings of a network on it"
                                + " (96x112x96 would do)",
                        "cohort", "--out", "{dir}/mni", "--grid", "91x109x91"),
                perturba("a voxel size below half a millimetre", 2,
                        "option '--grid': a voxel size must be between 0.5 and 16.0 mm, not 0.1", "cohort", "--out", "{dir}/fine",
                        "--grid", "0.1mm"),
                perturba("a scale that does not exist", 2, "option '--scale' must be default or paper, not 'huge'",
                        "demo", "--scale", "huge", "--out", "{dir}/huge"),
                perturba("a hybrid model without context", 2, "the hybrid model needs --context ID (available: ",
                        "train", "--data", "{dir}/cohort", "--model", "hybrid", "--out", "{dir}/h.zip"),
                perturba("an image-derived context without its segmenter", 2,
                        "the context extractor 'segmented-volumes' measures the image through a segmentation model: give --segmenter",
                        "train", "--data", "{dir}/cohort", "--model", "hybrid", "--context", "segmented-volumes", "--out", "{dir}/h.zip"),
                perturba("a segmenter for a context read from labels", 2,
                        "the context extractor 'label-volumes' does not measure through a segmenter: drop --segmenter",
                        "train", "--data", "{dir}/cohort", "--model", "hybrid", "--context", "label-volumes", "--segmenter",
                        "{dir}/s.zip", "--out", "{dir}/h.zip"),
                perturba("a missing segmenter file", 1, "{dir}/none.zip: no such segmenter file",
                        "train", "--data", "{dir}/cohort", "--model", "hybrid", "--context", "segmented-volumes", "--segmenter",
                        "{dir}/none.zip", "--out", "{dir}/h.zip"),
                perturba("a negative training seed", 2, "option '--seed' must be between 0 and 9223372036854775807, not -1",
                        "train", "--data", "{dir}/cohort", "--model", "conventional", "--out", "{dir}/n.zip", "--seed", "-1"),
                perturba("a cohort smaller than an experiment file allows", 2, "subjects must be between 10 and 100000, not 9",
                        "cohort", "--out", "{dir}/nine", "--subjects", "9"),
                perturba("a negative cohort seed", 2, "seed must be 0 or more, not -1", "cohort", "--out", "{dir}/negative", "--seed", "-1"),
                perturba("demo with a repeated seed", 2, "--seeds needs distinct whole numbers >= 0 separated by commas, e.g. 1,2,3,"
                        + " not '1,1'", "demo", "--quick", "--out", "{dir}/seeds", "--seeds", "1,1"),
                perturba("demo with --seed and --seeds", 2, "give --seed or --seeds, not both", "demo", "--quick", "--out",
                        "{dir}/seeds", "--seed", "1", "--seeds", "2,3"),
                // the same rules as run
                perturba("training on too few subjects for a test split", 1, "{dir}/small: 3 subjects split into", "train", "--data", "{dir}/small", "--model", "conventional", "--out", "{dir}/s.zip"),
                run(Map.of("PERTURBA_JAVA_OPTS", "-Xmx64m"), "a grid whose images exceed the heap", 1,
                        "the images of 10 subjects on a 256x256x256 grid take 0.6 GiB, more than the",
                        "train", "--data", "{dir}/cohort", "--model", "conventional", "--out", "{dir}/big.zip", "--grid", "256"),
                // compare needs two finished runs
                perturba("compare without a run", 2, "'compare' needs RUN_DIR", "compare"),
                perturba("compare one run", 1, "comparing needs at least 2 runs, got 1", "compare", "{dir}/run"),
                perturba("compare a folder that is not a run", 1, "{dir}/cohort: not an experiment output folder (no summary.json)",
                        "compare", "{dir}/run", "{dir}/cohort"),
                perturba("compare at a budget a run lacks", 1, "{dir}/run: no attacks at epsilon 0.5 (the run has 0.01)", "compare",
                        "{dir}/run", "{dir}/run", "--epsilon", "0.5"),
                // messages that name the cause
                perturba("info on a folder", 1, "{dir}: is a folder, expected a NIfTI file", "info", "{dir}"),
                // arguments reach Perturba as typed, whatever the Equinox launcher makes of them
                perturba("an Equinox option before the file", 2, "unknown option '-data' for 'info'", "info", "-data", "{dir}/image.nii"),
                perturba("an Equinox flag", 2, "unknown option '-clean' for 'extensions'", "extensions", "-clean"),
                perturba("an Equinox option with a value", 2, "unknown option '-nl' for 'info'", "info", "-nl", "de", "{dir}/image.nii"),
                // JVM options with quotes
                run(Map.of("PERTURBA_JAVA_OPTS", "-Xmx512m -Dperturba.limit.max-voxels=\"12 3\""), "a quoted JVM option", 1,
                        "perturba.limit.max-voxels: expected a positive whole number (optionally with K, M or G), got \"12 3\"",
                        "version"),
                run(Map.of("PERTURBA_JAVA_OPTS", "-Dfoo=\"a b"), "an unmatched quote in the JVM options", 2,
                        "PERTURBA_JAVA_OPTS has an unmatched quote: -Dfoo=\"a b", "version"),
                new Case("workbench --help without a display", Map.of("DISPLAY", "", "WAYLAND_DISPLAY", ""), "rcp",
                        "perturba-workbench", List.of("--help"), 0, "usage: perturba-workbench"));
    }

    @BeforeAll
    static void prepareInputs() throws Exception {
        ProductRun cohort = ProductRun.run("headless", "perturba", "cohort", "--out", dir.resolve("cohort").toString(),
                "--subjects", "10");
        assertEquals(0, cohort.exitCode(), cohort.err());
        Path small = dir.resolve("small");
        Files.createDirectories(small);
        List<String> participants = Files.readAllLines(dir.resolve("cohort/participants.tsv"));
        Files.write(small.resolve("participants.tsv"), participants.subList(0, 4));
        for (String line : participants.subList(1, 4)) {
            String subject = line.split("\t")[0];
            Files.createDirectories(small.resolve(subject + "/anat"));
            try (Stream<Path> files = Files.list(dir.resolve("cohort/" + subject + "/anat"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, small.resolve(subject + "/anat").resolve(file.getFileName()));
                }
            }
        }
        Files.writeString(dir.resolve("study.json"), "{}");
        Files.writeString(dir.resolve("experiment.json"), "{\"dataset\": {\"cohort\": {\"subjects\": 20}}, \"models\":"
                + " [{\"id\": \"m\", \"kind\": \"conventional\"}], \"epsilons\": [0.01], \"attacks\": [{\"attack\": \"fgsm\"}]}");
        Files.writeString(dir.resolve("existing.csv"), "mine");
        Files.createDirectories(dir.resolve("run"));
        Files.writeString(dir.resolve("run/summary.json"), "{\"experiment\": \"study\", \"seed\": 1, \"subjects\": 20,"
                + " \"epsilons\": [0.01], \"models\": [], \"attacks\": [], \"findings\": []}");
        Files.copy(BundleManifest.ROOT.resolve("bundles/org.perturba.imaging.tests/data/anatomical.nii"), dir.resolve("image.nii"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isAnsweredWithOneLineAndItsExitCode(Case bad) throws Exception {
        String[] arguments = bad.arguments().stream().map(CommandLineMatrixTest::resolve).toArray(String[]::new);
        ProductRun run = ProductRun.run(bad.environment(), bad.product(), bad.launcher(), arguments);
        String output = run.out() + run.err();
        assertEquals(bad.exitCode(), run.exitCode(), output);
        String answer = bad.exitCode() == 0 ? run.out() : run.err().lines().findFirst().orElse("");
        assertTrue(answer.contains(resolve(bad.message())), "expected '" + resolve(bad.message()) + "' in:\n" + output);
        assertFalse(output.contains("Exception") || output.contains("\tat "), output);
        assertEquals("mine", Files.readString(dir.resolve("existing.csv")), "nothing is overwritten");
    }

    private static Case perturba(String name, int exitCode, String message, String... arguments) {
        return run(Map.of(), name, exitCode, message, arguments);
    }

    private static Case run(Map<String, String> environment, String name, int exitCode, String message, String... arguments) {
        return new Case(name, environment, "headless", "perturba", Arrays.asList(arguments), exitCode, message);
    }

    private static String resolve(String text) {
        return text.replace("{dir}", dir.toString());
    }
}

package org.perturba.experiment.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.anatomy.cohort.CohortSpec;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.experiment.run.ExperimentProgress;
import org.perturba.experiment.run.ExperimentRunner;
import org.perturba.experiment.run.Invocation;
import org.perturba.experiment.spec.AttackSpec;
import org.perturba.experiment.spec.DatasetSource;
import org.perturba.experiment.spec.DemoExperiment;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.ModelSpec;
import org.perturba.experiment.spec.ThreatModel;
import org.perturba.imaging.io.AtomicFiles;

/**
 * A run folder holds one experiment and one live run: {@code --resume} with a changed experiment is
 * refused, naming the change, before anything in the folder is touched, and a second run is kept
 * out while the first is alive, and let in once it died. No run here gets past its start: the
 * progress stops each at its first stage, after the folder was opened, so only the opening is tested.
 */
class RunFolderTest {
    private static final Invocation INVOCATION = new Invocation("test", List.of("test"), Optional.empty());

    @TempDir
    Path folder;

    @Test
    void aResumedRunOfAnotherSeedIsRefusedAndTouchesNothing() throws Exception {
        Path out = started(DemoExperiment.spec(true, 1));
        Files.writeString(out.resolve(".summary.json.tmp"), "what a crash left");
        Map<Path, FileTime> before = listing(out);

        IOException refused = assertThrows(IOException.class, () -> run(DemoExperiment.spec(true, 2), out, true, new Stopping()));

        String message = refused.getMessage();
        assertTrue(message.startsWith(out + ": --resume refused: the experiment changed since this folder was started (seed 1 -> 2; "),
                message);
        assertTrue(message.endsWith("); start a new --out") && !message.contains("\n"), message);
        assertEquals(before, listing(out), "a refused resume leaves the folder as it was");
    }

    @Test
    void aResumedRunRemovesWhatACrashLeftAndKeepsEveryFinishedFile() throws Exception {
        Path out = started(DemoExperiment.spec(true, 1));
        Files.createDirectories(out.resolve("cells"));
        Files.writeString(out.resolve("cells/finished.json"), "{}");
        // what a run killed mid-write leaves: a staged cell file and a half-generated cohort, never closed
        Files.writeString(AtomicFiles.stage(out.resolve("cells/pgd.json")).path(), "{\"half");
        Files.writeString(AtomicFiles.stageDirectory(out.resolve("cohort")).path().resolve("participants.tsv"), "half");

        assertThrows(IllegalStateException.class, () -> run(DemoExperiment.spec(true, 1), out, true, new Stopping()));

        assertEquals(List.of(".lock", "cells", "run.json"), names(out));
        assertEquals(List.of("finished.json"), names(out.resolve("cells")));
    }

    @Test
    void aResumedRunNamesWhatChanged() throws Exception {
        ExperimentSpec demo = DemoExperiment.spec(true, 1);
        Path out = started(demo);

        ModelSpec conventional = demo.models().get(0);
        ExperimentSpec otherKind = withModels(demo, new ModelSpec(conventional.id(), Optional.of("hybrid"),
                Optional.of("soft-tissue-volumes"), Optional.empty(), Optional.empty(), conventional.training()), demo.models().get(1));
        assertRefused(otherKind, out, "models[0].kind conventional -> hybrid; models[0].context (none) -> soft-tissue-volumes");

        List<AttackSpec> attacks = new ArrayList<>(demo.attacks());
        AttackSpec pgd = attacks.get(1);
        attacks.set(1, new AttackSpec(pgd.attack(), pgd.directions(), Map.of("steps", "1"), pgd.models()));
        assertRefused(new ExperimentSpec(demo.name(), demo.seed(), demo.dataset(), demo.models(), demo.segmenters(), attacks, demo.transfers(),
                demo.epsilons(), demo.attackedSubjects(), demo.universalFitSubjects(), demo.threatModels()), out,
                "attacks[1].parameters.steps 5 -> 1; transfers[0].parameters.steps 5 -> 1"); // the transfer takes its parameters

        CohortSpec cohort = demo.dataset().cohort().orElseThrow();
        assertRefused(new ExperimentSpec(demo.name(), demo.seed(), DatasetSource.generated(new CohortSpec(cohort.subjects() + 80,
                cohort.seed(), cohort.grid(), cohort.ageMin(), cohort.ageMax())), demo.models(), demo.segmenters(), demo.attacks(), demo.transfers(),
                demo.epsilons(), demo.attackedSubjects(), demo.universalFitSubjects(), demo.threatModels()), out, "dataset.cohort.subjects 120 -> 200");

        assertRefused(new ExperimentSpec(demo.name(), demo.seed(), demo.dataset(), demo.models(), demo.segmenters(), demo.attacks(), demo.transfers(),
                List.of(0.01, 0.0200001), demo.attackedSubjects(), demo.universalFitSubjects(), demo.threatModels()), out,
                "epsilons [0.01,0.02] -> [0.01,0.0200001]");

        assertRefused(new ExperimentSpec(demo.name(), demo.seed(), demo.dataset(), demo.models(), demo.segmenters(), demo.attacks(), demo.transfers(),
                demo.epsilons(), demo.attackedSubjects(), demo.universalFitSubjects(), List.of(ThreatModel.IMAGE_ONLY)), out,
                "threatModels [\"image-only\",\"recomputed\",\"adaptive\"] -> [\"image-only\"]");

        assertEquals(Stopping.STOPPED, assertThrows(IllegalStateException.class, () -> run(demo, out, true, new Stopping()))
                .getMessage(), "the same experiment resumes");
    }

    @Test
    void aFolderWithoutTheRecordOfItsExperimentIsNotResumed() throws Exception {
        Path out = Files.createDirectories(folder.resolve("old"));
        Files.writeString(out.resolve("summary.json"), "{}");
        Map<Path, FileTime> before = listing(out);

        IOException refused = assertThrows(IOException.class, () -> run(DemoExperiment.spec(true, 1), out, true, new Stopping()));

        assertTrue(refused.getMessage().startsWith(out + ": --resume refused: the folder has no run.json (it was started by an older"
                + " Perturba"), refused.getMessage());
        assertEquals(before, listing(out));
    }

    @Test
    void aSecondRunInThisProcessIsKeptOut() throws Exception {
        ExperimentSpec demo = DemoExperiment.spec(true, 1);
        Path out = started(demo);
        Stopping first = new Stopping(true);
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try {
                run(demo, out, true, first);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertTrue(first.reached.await(60, TimeUnit.SECONDS), "the first run starts");
            IOException refused = assertThrows(IOException.class, () -> run(demo, out, true, new Stopping()));
            assertTrue(refused.getMessage().startsWith(out + ": in use by another Perturba run (pid " + ProcessHandle.current().pid()
                    + " on "), refused.getMessage());
            assertTrue(refused.getMessage().contains(", since "), refused.getMessage());
        } finally {
            first.proceed.countDown();
        }
        assertThrows(Exception.class, running::join); // stopped by its progress, as every run here
        assertEquals(Stopping.STOPPED, assertThrows(IllegalStateException.class, () -> run(demo, out, true, new Stopping()))
                .getMessage(), "once the first run ended, the folder is free");
    }

    @Test
    void aFolderLockedByAnotherProcessIsKeptOutUntilThatProcessDies() throws Exception {
        ExperimentSpec demo = DemoExperiment.spec(true, 1);
        Path out = started(demo);
        Process holder = holdLock(out.resolve(".lock"));
        try {
            IOException refused = assertThrows(IOException.class, () -> run(demo, out, true, new Stopping()));
            assertTrue(refused.getMessage().startsWith(out + ": in use by another Perturba run (pid " + holder.pid() + " on "),
                    refused.getMessage());
        } finally {
            holder.destroyForcibly();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals(Stopping.STOPPED, assertThrows(IllegalStateException.class, () -> run(demo, out, true, new Stopping()))
                .getMessage(), "the lock of a killed run is taken over");
    }

    /** A folder as a run of {@code spec} leaves it when it stops right after starting. */
    private Path started(ExperimentSpec spec) throws Exception {
        Path out = folder.resolve("run");
        assertEquals(Stopping.STOPPED, assertThrows(IllegalStateException.class, () -> run(spec, out, false, new Stopping()))
                .getMessage());
        assertTrue(Files.isRegularFile(out.resolve("run.json")), "the run records its experiment when it starts");
        return out;
    }

    private static void assertRefused(ExperimentSpec changed, Path out, String change) {
        IOException refused = assertThrows(IOException.class, () -> run(changed, out, true, new Stopping()));
        assertTrue(refused.getMessage().contains("changed since this folder was started (" + change + ")"), refused.getMessage());
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }

    private static ExperimentSpec withModels(ExperimentSpec spec, ModelSpec... models) {
        return new ExperimentSpec(spec.name(), spec.seed(), spec.dataset(), List.of(models), spec.segmenters(), spec.attacks(), spec.transfers(),
                spec.epsilons(), spec.attackedSubjects(), spec.universalFitSubjects(), spec.threatModels());
    }

    private static void run(ExperimentSpec spec, Path out, boolean resume, ExperimentProgress progress) throws Exception {
        new ExperimentRunner(new ContributionRegistry(), progress).run(spec, out, resume, INVOCATION);
    }

    private static Map<Path, FileTime> listing(Path root) throws IOException {
        Map<Path, FileTime> listing = new TreeMap<>();
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : tree.toList()) {
                listing.put(root.relativize(path), Files.getLastModifiedTime(path));
            }
        }
        return listing;
    }

    /** Another Java process that locks {@code file} as a run does, and holds it until killed. */
    private Process holdLock(Path file) throws IOException {
        Path source = folder.resolve("Holder.java");
        Files.writeString(source, """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;

                public class Holder {
                    public static void main(String[] args) throws Exception {
                        FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE);
                        channel.lock();
                        channel.truncate(0);
                        channel.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " on a test host, since now")
                                .getBytes()), 0);
                        System.out.println("locked");
                        Thread.sleep(Long.MAX_VALUE);
                    }
                }
                """);
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, source.toString(), file.toString()).redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = output.readLine();
        if (!"locked".equals(line)) {
            process.destroyForcibly();
            throw new IllegalStateException("the lock holder did not start: " + line);
        }
        return process;
    }

    /** Stops the run at its first stage (after waiting for {@link #proceed}), so that only the folder's opening runs. */
    private static final class Stopping implements ExperimentProgress {
        static final String STOPPED = "stopped by the test";
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch proceed;

        Stopping() {
            this(false);
        }

        /** @param waiting whether to wait at the first stage until {@link #proceed} is counted down */
        Stopping(boolean waiting) {
            proceed = new CountDownLatch(waiting ? 1 : 0);
        }

        @Override
        public void stage(String description, int steps) {
            reached.countDown();
            try {
                proceed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(STOPPED);
        }
    }
}

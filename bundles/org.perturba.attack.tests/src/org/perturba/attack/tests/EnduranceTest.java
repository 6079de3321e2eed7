package org.perturba.attack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.pgd.PgdLinfAttack;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.InputGradients;
import org.perturba.model.ModelInput;
import org.perturba.model.ModelMetadata;


/**
 * Endurance (issue 9): a PGD sweep over 200 subjects, 2,000 gradient steps in all, must not make
 * the process grow. Every {@value #SAMPLE_EVERY} gradient steps the test collects garbage and records
 * the process RSS ({@code VmRSS}), the memory outside the JVM's own pools (RSS minus the committed
 * heap and non-heap pools: ND4J's off-heap arrays, native libraries, malloc arenas) and the heap in
 * use. ND4J's own counters cannot be used: {@code Pointer.totalBytes()} and
 * {@code MemoryManager.allocatedMemory(0)} stay at 0-1 MB in ND4J 1.0.0-M2.1, whose data buffers
 * are allocated by libnd4j, not through JavaCPP, so only RSS shows them;
 * the samples go to {@code target/endurance-memory.csv} and to standard output. After warm-up
 * (the first quarter of the samples), the median of the last quarter must stay within the
 * tolerances below of the median of the second quarter.
 */
class EnduranceTest {
    private static final int SUBJECTS = 200;
    private static final int BATCH = 4;
    /** PGD steps per batch: 50 batches x 40 steps = 2,000 gradient steps. */
    private static final int STEPS = 40;
    private static final int SAMPLE_EVERY = 50;
    private static final long MB = 1024 * 1024;
    /**
     * RSS tolerance. A 16³ batch of 4 is 64 KiB; the medians compared are 1,000 steps apart, so a
     * leak of one batch-sized array per step (a gradient, a sign, a projection kept by mistake) adds
     * 64 MiB between them, a leak of the network's activations several times that. Without a leak,
     * RSS after a full GC still wanders: glibc keeps freed blocks in its arenas and reuses them
     * unevenly, and the JIT and GC bookkeeping move a few MiB. On the 2-core reference machine the
     * medians of such quarters moved by up to about 30 MiB over 4,000 leak-free steps (samples
     * between 360 and 450 MiB), so 48 MiB separates the two.
     */
    private static final long RSS_TOLERANCE = 48 * MB;
    /** Off-heap tolerance: RSS less the JVM's pools moves like RSS; the same 48 MiB. */
    private static final long OFF_HEAP_TOLERANCE = 48 * MB;
    /** Heap tolerance: a leaked array costs its INDArray and buffer objects, about 1 KiB; 8 MiB. */
    private static final long HEAP_TOLERANCE = 8 * MB;

    private final List<long[]> samples = new ArrayList<>();

    @Test
    void aSweepOver200SubjectsKeepsMemoryFlat() throws IOException {
        CountingModel model = new CountingModel(UntrainedModel.conventional());
        PgdLinfAttack attack = new PgdLinfAttack();
        AttackParameters parameters = new AttackParameters(Map.of("epsilon", "0.01", "direction", "increase", "steps",
                Integer.toString(STEPS), "step-fraction", "0.25", "restarts", "1", "seed", "3"));
        long started = System.nanoTime();
        for (int first = 0; first < SUBJECTS; first += BATCH) {
            // subjects are made, attacked and dropped one batch at a time, as an experiment streams them
            INDArray clean = UntrainedModel.heads(BATCH, first);
            INDArray adversarial = attack.perturb(model, ModelInput.imagesOnly(clean), parameters);
            assertEquals(clean.length(), adversarial.length());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(SUBJECTS / BATCH * STEPS, model.steps, "gradient steps");
        String report = write(seconds);
        System.out.print(report);

        int quarter = samples.size() / 4;
        String[] names = { "RSS", "off-heap (RSS - JVM pools)", "heap" };
        long[] tolerances = { RSS_TOLERANCE, OFF_HEAP_TOLERANCE, HEAP_TOLERANCE };
        for (int column = 0; column < names.length; column++) {
            long second = median(column + 1, quarter, 2 * quarter);
            long last = median(column + 1, samples.size() - quarter, samples.size());
            assertTrue(last - second <= tolerances[column], names[column] + " grew from " + second / MB + " MiB to "
                    + last / MB + " MiB (median of the second vs the last quarter; tolerance "
                    + tolerances[column] / MB + " MiB)\n" + report);
        }
    }

    /** Median of one column over samples [from, to). */
    private long median(int column, int from, int to) {
        long[] values = samples.subList(from, to).stream().mapToLong(sample -> sample[column]).sorted().toArray();
        return values[values.length / 2];
    }

    private void sample(int step) {
        System.gc();
        System.gc();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        MemoryUsage heap = memory.getHeapMemoryUsage();
        long rss = rss();
        long offHeap = rss - heap.getCommitted() - memory.getNonHeapMemoryUsage().getCommitted();
        samples.add(new long[] { step, rss, offHeap, heap.getUsed() });
    }

    private String write(double seconds) throws IOException {
        StringBuilder csv = new StringBuilder("step,rss_mib,offheap_mib,heap_used_mib\n");
        for (long[] sample : samples) {
            csv.append(String.format("%d,%.1f,%.1f,%.1f%n", sample[0], sample[1] / (double) MB, sample[2] / (double) MB,
                    sample[3] / (double) MB));
        }
        Path target = Paths.get("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("endurance-memory.csv"), csv, StandardCharsets.UTF_8);
        return String.format("endurance: %d subjects, %d gradient steps in %.1f s; memory after GC every %d steps:%n%s",
                SUBJECTS, SUBJECTS / BATCH * STEPS, seconds, SAMPLE_EVERY, csv);
    }

    /** Resident set size of this process, from /proc/self/status. */
    private static long rss() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    /** The model, counting gradient steps and sampling memory every {@value #SAMPLE_EVERY} of them. */
    private final class CountingModel implements BrainAgeModel {
        private final BrainAgeModel model;
        private int steps;

        CountingModel(BrainAgeModel model) {
            this.model = model;
        }

        @Override
        public ModelMetadata metadata() {
            return model.metadata();
        }

        @Override
        public double[] predictAges(ModelInput input) {
            return model.predictAges(input);
        }

        @Override
        public InputGradients ageGradients(ModelInput input) {
            InputGradients gradients = model.ageGradients(input);
            if (++steps % SAMPLE_EVERY == 0) {
                sample(steps);
            }
            return gradients;
        }

        @Override
        public String identity() {
            return model.identity();
        }
    }
}

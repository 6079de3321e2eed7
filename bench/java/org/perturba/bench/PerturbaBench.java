package org.perturba.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.anatomy.FeatureStandardisation;
import org.perturba.attack.AttackParameters;
import org.perturba.attack.gradient.Budget;
import org.perturba.attack.gradient.Objective;
import org.perturba.attack.universal.UniversalPerturbationAttack;
import org.perturba.dl4j.Nd4jRuntime;
import org.perturba.experiment.spec.GridRequest;
import org.perturba.imaging.Volume;
import org.perturba.imaging.nifti.NiftiDataType;
import org.perturba.imaging.nifti.NiftiImage;
import org.perturba.imaging.nifti.NiftiReader;
import org.perturba.imaging.nifti.NiftiWriter;
import org.perturba.model.BrainAgeNetworks;
import org.perturba.model.GraphBrainAgeModel;
import org.perturba.model.ModelInput;
import org.perturba.model.ModelMetadata;
import org.perturba.model.ModelMetadata.ContextSpec;
import org.perturba.onnx.proto.OnnxModelReader;
import org.perturba.onnx.proto.ReadLimits;
import org.perturba.onnx.runtime.OnnxNetwork;

/**
 * The Perturba side of the benchmarks: a server on stdin/stdout so that the driver (bench/bench.py)
 * can alternate it with the reference side run for run. Each request {@code <case> <dir>} runs the
 * operation once and answers {@code ms <milliseconds>}; set-up (models, batches, source volumes) is
 * done on first use of a case and not timed. {@code grid <spec>} answers {@code grid <i> <j> <k>}: the
 * shape a cube side, shape or voxel size stands for, as {@code --grid} takes it; {@code parameters
 * <kind> <grid>} answers {@code parameters <count>}, the network's, for the driver to check that the
 * reference built the same network. Run as
 * {@code PerturbaBench memory <case> <steps>}, it runs one case that many times in this fresh JVM
 * and prints {@code mb <rss before the case was set up> <peak rss>}. Runs on a flat class path of
 * the product's bundle jars: the same classes the OSGi product runs.
 */
public final class PerturbaBench {
    /** Context features of the hybrid model in the benchmarks (a hundred-odd regional volumes). */
    static final int CONTEXT_FEATURES = 100;
    static final int BATCH = 8;

    private final Map<String, Runnable> cases = new HashMap<>();
    private String currentGroup = "";

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true);
        System.setOut(System.err); // library chatter must not mix with answers
        Nd4jRuntime.initialise();
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        PerturbaBench bench = new PerturbaBench();
        if (args.length == 3 && args[0].equals("memory")) {
            out.println(bench.memory(args[1], Integer.parseInt(args[2])));
            return;
        }
        out.println("ready " + Nd4j.getBackend().getClass().getSimpleName() + " "
                + Nd4j.getExecutioner().getEnvironmentInformation().getOrDefault("blas.vendor", "?"));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = in.readLine()) != null;) {
            String[] words = line.trim().split("\\s+");
            if (words[0].equals("quit")) {
                break;
            }
            try {
                if (words[0].equals("grid")) {
                    out.println(gridAnswer(words[1]));
                    continue;
                }
                if (words[0].equals("parameters")) {
                    ModelMetadata metadata = metadata(words[1].equals("hybrid"), grid(words[2]));
                    out.println("parameters " + GraphBrainAgeModel.create(metadata, BrainAgeNetworks.ImageBranch.CONVOLUTIONS)
                            .network().numParams());
                    continue;
                }
                Runnable operation = bench.operation(words[0], Path.of(words[1]));
                long start = System.nanoTime();
                operation.run();
                out.println("ms " + (System.nanoTime() - start) / 1e6);
            } catch (Throwable t) {
                t.printStackTrace();
                out.println("error " + t);
            }
        }
    }

    /**
     * The process's resident memory before a case is set up and its high-water mark since then, over
     * {@code steps} runs of it, in MB, from /proc/self/status: the network, the batch, DL4J's
     * workspaces and every array the runs allocate, on the heap or off it.
     */
    private String memory(String name, int steps) throws Exception {
        System.gc();
        double before = procStatusMb("VmRSS:");
        Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // VmHWM back to the current RSS (Linux 4.0+)
        Runnable operation = operation(name, Path.of("."));
        for (int step = 0; step < steps; step++) {
            operation.run();
        }
        return "mb " + before + " " + procStatusMb("VmHWM:");
    }

    private static double procStatusMb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) / 1024.0;
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/self/status");
    }

    private Runnable operation(String name, Path dir) throws Exception {
        Runnable known = cases.get(name);
        String group = name.substring(0, name.lastIndexOf('.'));
        if (known == null && !group.equals(currentGroup)) {
            // one model (or one set of volumes) alive at a time: ND4J's off-heap arrays go only when
            // their Java owners are collected, and 20 cached models at 64³ outgrew the machine
            cases.clear();
            currentGroup = group;
            System.gc();
        }
        if (known == null) {
            known = create(name, dir);
            cases.put(name, known);
        }
        return known;
    }

    /**
     * Case names: io.{read,load,write}.{float32,uint8}.{nii,nii.gz};
     * model.{conventional,hybrid}.{grid}.{train,forward,gradient,pgd,universal}, the grid a cube side
     * ({@code 32}) or a shape ({@code 96x112x96}); onnx.conventional.{grid}.{forward,gradient}: the
     * reference's PyTorch network exported to {@code dir/onnx-conventional-{grid}.onnx} by the driver,
     * run by Perturba's ONNX runtime; micro.{name} (see
     * {@link MicroCases}).
     */
    private Runnable create(String name, Path dir) throws Exception {
        String[] parts = name.split("\\.", 4);
        return switch (parts[0]) {
        case "io" -> io(parts[1], parts[2], parts[3], dir);
        case "model" -> model(parts[1], grid(parts[2]), parts[3]);
        case "onnx" -> onnx(parts[1], parts[2], parts[3], dir);
        case "micro" -> MicroCases.create(name.substring("micro.".length()), dir);
        default -> throw new IllegalArgumentException("unknown case " + name);
        };
    }

    private static Runnable io(String operation, String type, String extension, Path dir) throws Exception {
        Path source = dir.resolve("volume-" + type + "." + extension);
        NiftiReader reader = new NiftiReader();
        return switch (operation) {
        // the voxels in their stored type (nibabel: np.asanyarray(img.dataobj))
        case "read" -> unchecked(() -> reader.read(source));
        // a float volume of scaled values (nibabel: img.get_fdata(dtype=np.float32))
        case "load" -> unchecked(() -> reader.readVolume(source));
        // from a float volume in memory to a file of the given type (nibabel: Nifti1Image + nib.save)
        case "write" -> {
            Volume volume = reader.readVolume(dir.resolve("volume-float32.nii"));
            NiftiDataType stored = type.equals("uint8") ? NiftiDataType.UINT8 : NiftiDataType.FLOAT32;
            Path target = dir.resolve("perturba-out-" + type + "." + extension);
            NiftiWriter writer = new NiftiWriter();
            yield () -> {
                try {
                    writer.write(NiftiImage.of(volume, stored, "bench"), target, 1);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
        }
        default -> throw new IllegalArgumentException("unknown io operation " + operation);
        };
    }

    private static Runnable unchecked(java.util.concurrent.Callable<?> call) {
        return () -> {
            try {
                call.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /**
     * {@code grid <i> <j> <k>}, or {@code error <what is wrong>} without a stack trace for a grid the
     * networks cannot take (a mistyped {@code --grids}).
     */
    private static String gridAnswer(String text) {
        try {
            int[] grid = GridRequest.parse(text).forCohort().shape();
            return "grid " + grid[0] + " " + grid[1] + " " + grid[2];
        } catch (IllegalArgumentException e) {
            return "error " + e.getMessage();
        }
    }

    /** {@code 32} is 32x32x32; {@code 96x112x96} is itself. */
    private static int[] grid(String text) {
        int[] sides = Arrays.stream(text.split("x")).mapToInt(Integer::parseInt).toArray();
        return sides.length == 1 ? new int[] { sides[0], sides[0], sides[0] } : sides;
    }

    private Runnable model(String kind, int[] grid, String operation) {
        boolean hybrid = kind.equals("hybrid");
        GraphBrainAgeModel model = GraphBrainAgeModel.create(metadata(hybrid, grid), BrainAgeNetworks.ImageBranch.CONVOLUTIONS);
        INDArray images = BenchData.images(BATCH, grid, 1);
        Optional<INDArray> context = hybrid ? Optional.of(Nd4j.rand(DataType.FLOAT, BATCH, CONTEXT_FEATURES).subi(0.5))
                : Optional.empty();
        ModelInput input = new ModelInput(images, context);
        ComputationGraph network = model.network();
        INDArray labels = Nd4j.rand(DataType.FLOAT, BATCH, 1);
        return switch (operation) {
        case "train" -> {
            MultiDataSet batch = new MultiDataSet(model.networkInputs(input), new INDArray[] { labels });
            yield () -> network.fit(batch);
        }
        case "forward" -> () -> model.predictAges(input);
        case "gradient" -> () -> model.ageGradients(input);
        case "pgd" -> {
            // one step of ProjectedGradientAscent: gradient, weighting, signed step, projection
            Budget budget = Budget.linf(images, 0.01, true);
            double[] push = new double[BATCH];
            Arrays.fill(push, 1);
            INDArray[] adversarial = { images.dup() };
            yield () -> {
                INDArray gradient = Objective.weigh(model.ageGradients(input.withImages(adversarial[0])).images(), push);
                INDArray move = budget.ascentStep(adversarial[0], gradient, 0.25);
                adversarial[0] = budget.project(adversarial[0].addi(move));
            };
        }
        case "universal" -> {
            // one mini-batch step of the universal perturbation (one epoch over one batch)
            AttackParameters parameters = new AttackParameters(Map.of("epsilon", "0.01", "direction", "increase",
                    "batch-size", String.valueOf(BATCH), "epochs", "1", "step-fraction", "0.25", "brain-only", "true",
                    "seed", "1"));
            UniversalPerturbationAttack attack = new UniversalPerturbationAttack();
            yield () -> attack.fit(model, input, parameters);
        }
        default -> throw new IllegalArgumentException("unknown model operation " + operation);
        };
    }

    /** The reference network as the driver exported it, on {@link OnnxNetwork}: what a user's imported model runs on. */
    private static Runnable onnx(String kind, String grid, String operation, Path dir) throws IOException {
        OnnxNetwork network = OnnxNetwork.of(OnnxModelReader.read(dir.resolve("onnx-" + kind + "-" + grid + ".onnx"), ReadLimits.DEFAULT));
        Map<String, INDArray> feeds = Map.of("image", BenchData.images(BATCH, grid(grid), 1));
        return switch (operation) {
        case "forward" -> () -> network.run(feeds);
        case "gradient" -> () -> network.gradients(feeds, "age", Set.of("image"));
        default -> throw new IllegalArgumentException("unknown onnx operation " + operation);
        };
    }

    static ModelMetadata metadata(boolean hybrid, int[] grid) {
        Optional<ContextSpec> context = Optional.empty();
        if (hybrid) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < CONTEXT_FEATURES; i++) {
                names.add("region-" + i);
            }
            double[] means = new double[CONTEXT_FEATURES];
            double[] deviations = new double[CONTEXT_FEATURES];
            Arrays.fill(deviations, 1);
            context = Optional.of(new ContextSpec("bench", FeatureStandardisation.of(names, means, deviations)));
        }
        return new ModelMetadata(hybrid ? "hybrid" : "conventional", grid, "bench", 50, 15,
                context, 42, "");
    }
}

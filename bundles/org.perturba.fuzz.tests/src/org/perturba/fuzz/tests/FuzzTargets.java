package org.perturba.fuzz.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.perturba.anatomy.dataset.BidsDataset;
import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.anatomy.dataset.LabelTable;
import org.perturba.anatomy.dataset.Participant;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.ExperimentSpecReader;
import org.perturba.experiment.spec.InvalidExperimentException;
import org.perturba.imaging.nifti.InvalidNiftiException;
import org.perturba.imaging.nifti.NiftiHeader;
import org.perturba.imaging.nifti.NiftiImage;
import org.perturba.imaging.nifti.NiftiReader;
import org.perturba.onnx.model.OnnxAttribute;
import org.perturba.onnx.model.OnnxModel;
import org.perturba.onnx.model.OnnxNode;
import org.perturba.onnx.model.OnnxTensor;
import org.perturba.onnx.proto.MalformedModelException;
import org.perturba.onnx.proto.OnnxModelReader;
import org.perturba.onnx.proto.ReadLimits;

/**
 * The fuzz targets of Perturba's file readers: each writes the input where the reader expects a file
 * and checks the reader's contract, <em>any input gives a value or the reader's documented checked
 * exception</em>. Every other exception or error (a RuntimeException, OutOfMemoryError,
 * StackOverflowError) escapes and is a finding. Jazzer runs them through {@code PerturbaFuzzTest}
 * (in {@code fuzz/}, see {@code releng/fuzz/run}); {@link FuzzCorpusTest} replays the committed
 * corpus through them inside OSGi on every build. Not thread-safe (one scratch folder per JVM).
 */
public final class FuzzTargets {
    /** First byte of a NIfTI input: gzip-compress the rest before writing it. */
    public static final int NIFTI_GZIP = 1;
    /** First byte of a NIfTI input: write the rest as a .hdr/.img pair (both files get it) instead of a .nii. */
    public static final int NIFTI_PAIR = 2;

    private static Path scratch;

    private FuzzTargets() {
    }

    /**
     * {@link NiftiReader#read} and {@link NiftiReader#readHeader}: a value or an {@link InvalidNiftiException}.
     * Byte 0 holds the flags {@link #NIFTI_GZIP} and {@link #NIFTI_PAIR}; the rest is the file (NIfTI-1 or -2,
     * either byte order: the seeds of the corpus are small valid images of each kind).
     */
    public static void niftiRead(byte[] input) throws IOException {
        int flags = input.length == 0 ? 0 : input[0];
        byte[] file = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        if ((flags & NIFTI_GZIP) != 0) {
            file = gzip(file);
        }
        Path dir = clean("nifti");
        String suffix = (flags & NIFTI_GZIP) != 0 ? ".gz" : "";
        Path target;
        if ((flags & NIFTI_PAIR) != 0) {
            target = Files.write(dir.resolve("image.hdr" + suffix), file);
            Files.write(dir.resolve("image.img" + suffix), file);
        } else {
            target = Files.write(dir.resolve("image.nii" + suffix), file);
        }
        NiftiReader reader = new NiftiReader();
        try {
            NiftiHeader header = reader.readHeader(target);
            header.affine();
            header.zooms();
        } catch (InvalidNiftiException expected) {
            // the documented outcome for a defective file
        }
        NiftiImage image;
        try {
            image = reader.read(target);
        } catch (InvalidNiftiException expected) {
            return;
        }
        // A value: it must be usable as the commands use it (perturba info).
        long voxels = image.header().voxelCount();
        check(image.data().size() == voxels, "voxel count " + image.data().size() + " != " + voxels);
        image.affine();
        if (voxels > 0) {
            image.value(0);
            image.value((int) voxels - 1);
        }
    }

    /** {@link ExperimentSpecReader#read}: a value or an {@link InvalidExperimentException}. */
    public static void experimentSpec(byte[] input) throws IOException {
        Path file = Files.write(clean("experiment").resolve("study.json"), input);
        ExperimentSpec spec;
        try {
            spec = ExperimentSpecReader.read(file);
        } catch (InvalidExperimentException expected) {
            return;
        }
        check(!spec.models().isEmpty() && !spec.epsilons().isEmpty(), "a spec without models or epsilons: " + spec);
    }

    /** Small limits, so that the fuzzer explores the checks rather than allocations the limits allow. */
    private static final ReadLimits ONNX_LIMITS = new ReadLimits(1 << 20, 1 << 16, 10_000);

    /**
     * {@link OnnxModelReader#read}: a value or a {@link MalformedModelException}, and a value's tensors
     * (initializers and tensor attributes) can be read. No network is built: that needs ND4J, which
     * the fuzzing class path leaves out.
     */
    public static void onnxModel(byte[] input) throws IOException {
        Path file = Files.write(clean("onnx").resolve("model.onnx"), input);
        OnnxModel model;
        try {
            model = OnnxModelReader.read(file, ONNX_LIMITS);
        } catch (MalformedModelException expected) {
            return;
        }
        for (OnnxTensor tensor : model.graph().initializers().values()) {
            check(tensor.doubles().length == tensor.elements(), "tensor '" + tensor.name() + "' reads back wrong");
        }
        for (OnnxNode node : model.graph().nodes()) {
            check(!node.describe().isEmpty(), "a node without a description");
            node.attributes().values().forEach(attribute -> {
                if (attribute instanceof OnnxAttribute.TensorValue value) {
                    value.value().doubles();
                }
            });
        }
        model.opset();
    }

    /**
     * {@link BidsDataset#open} on a folder holding the input as {@code participants.tsv}: a value or a
     * {@link DatasetException}. So that the reader gets past the first row, every row whose first
     * cell could be a subject label gets an (empty) T1w image file.
     */
    public static void participantsTsv(byte[] input) throws IOException {
        Path root = clean("dataset");
        Files.write(root.resolve("participants.tsv"), input);
        for (String id : plausibleIds(new String(input, StandardCharsets.UTF_8))) {
            Path anat = Files.createDirectories(root.resolve("sub-" + id).resolve("anat"));
            Files.write(anat.resolve("sub-" + id + "_T1w.nii.gz"), new byte[0]);
        }
        BidsDataset dataset;
        try {
            dataset = BidsDataset.open(root);
        } catch (DatasetException expected) {
            return;
        }
        check(!dataset.participants().isEmpty(), "a dataset without participants");
        for (Participant participant : dataset.participants()) {
            check(Double.isFinite(participant.age()) && participant.age() >= 0, "age " + participant.age());
            check(participant.t1w().startsWith(dataset.root()), participant.t1w() + " outside " + dataset.root());
        }
    }

    /** {@link LabelTable#read} ({@code dseg.tsv}): a value or a {@link DatasetException}. */
    public static void dsegTsv(byte[] input) throws IOException {
        Path file = Files.write(clean("labels").resolve("dseg.tsv"), input);
        try {
            LabelTable.read(file);
        } catch (DatasetException expected) {
            // the documented outcome for a malformed table
        }
    }

    /** The fuzz targets by name, as the corpus folders are named. */
    public static List<String> names() {
        return List.of("niftiRead", "experimentSpec", "participantsTsv", "dsegTsv", "onnxModel");
    }

    /** Runs the target called {@code name}. */
    public static void run(String name, byte[] input) throws IOException {
        switch (name) {
        case "niftiRead" -> niftiRead(input);
        case "experimentSpec" -> experimentSpec(input);
        case "participantsTsv" -> participantsTsv(input);
        case "dsegTsv" -> dsegTsv(input);
        case "onnxModel" -> onnxModel(input);
        default -> throw new IllegalArgumentException("no fuzz target " + name);
        }
    }

    /** First cells of the data rows that are safe, short folder names (at most 8 of them). */
    private static List<String> plausibleIds(String text) {
        return text.lines().skip(1).map(line -> line.split("\t", 2)[0].strip())
                .map(cell -> cell.startsWith("sub-") ? cell.substring(4) : cell)
                .filter(id -> id.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,31}") && !id.contains("..")).distinct()
                .limit(8).toList();
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** An empty scratch folder for one target, under one temporary folder per JVM removed at exit. */
    private static synchronized Path clean(String name) throws IOException {
        if (scratch == null) {
            scratch = Files.createTempDirectory("perturba-fuzz");
            Path root = scratch;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
        }
        Path dir = scratch.resolve(name);
        delete(dir);
        return Files.createDirectories(dir);
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path folder, IOException e) throws IOException {
                    Files.delete(folder);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

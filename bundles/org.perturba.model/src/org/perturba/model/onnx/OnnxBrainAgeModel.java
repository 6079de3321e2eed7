package org.perturba.model.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.imaging.io.Sha256;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.InputGradients;
import org.perturba.model.ModelInput;
import org.perturba.model.ModelMetadata;
import org.perturba.onnx.model.ValueInfo;
import org.perturba.onnx.proto.OnnxModelReader;
import org.perturba.onnx.proto.ReadLimits;
import org.perturba.onnx.runtime.OnnxNetwork;

/**
 * A brain-age model imported from ONNX (e.g. exported by {@code torch.onnx.export}) with its
 * {@link ModelCard}: images {@code [n, 1, x, y, z]} (NIfTI voxel (i, j, k) at {@code [n, 0, i, j, k]},
 * as a PyTorch user reads them with nibabel) and, for a hybrid, standardised context features
 * {@code [n, features]} go in; one value per example comes out, {@code age = ageScale · value +
 * ageMean}. Gradients are exact ({@link OnnxNetwork#gradients}), through the {@code z-score}
 * normalisation when the card asks for it.
 */
public final class OnnxBrainAgeModel implements BrainAgeModel {
    private final OnnxNetwork network;
    private final ModelMetadata metadata;
    private final String imageInput;
    private final Optional<String> contextInput;
    private final String output;
    private final String identity;
    /** The most examples one run may hold: 1 for a graph exported with a fixed batch of one. */
    private final long batchLimit;

    private OnnxBrainAgeModel(OnnxNetwork network, ModelMetadata metadata, String imageInput, Optional<String> contextInput,
            String output, String identity, long batchLimit) {
        this.network = network;
        this.metadata = metadata;
        this.imageInput = imageInput;
        this.contextInput = contextInput;
        this.output = output;
        this.identity = identity;
        this.batchLimit = batchLimit;
    }

    /**
     * Reads {@code NAME.onnx} and its card {@code NAME.json} ({@link #load(Path, Path)}).
     *
     * @throws IOException one line naming the file and what is wrong
     */
    public static OnnxBrainAgeModel load(Path onnx) throws IOException {
        if (!Files.isRegularFile(onnx)) {
            throw new NoSuchFileException(onnx.toString(), null, "no such model file");
        }
        Path card = ModelCard.of(onnx);
        if (!Files.isRegularFile(card)) {
            throw new IOException(onnx + ": its model card " + card.getFileName() + " is missing (an ONNX model needs a card"
                    + " beside it saying what grid, normalisation and output it has: see docs/onnx.md)");
        }
        return load(onnx, card);
    }

    /**
     * Reads an ONNX file and a card, both untrusted: the ONNX file within {@link ReadLimits#DEFAULT},
     * the card checked against the graph (inputs, output, grid, context size) and, when it records
     * one, against the file's SHA-256.
     *
     * @throws IOException one line naming the file and what is wrong
     */
    public static OnnxBrainAgeModel load(Path onnx, Path cardFile) throws IOException {
        if (!Files.isRegularFile(onnx)) {
            throw new NoSuchFileException(onnx.toString(), null, "no such model file");
        }
        if (!Files.isRegularFile(cardFile)) {
            throw new NoSuchFileException(cardFile.toString(), null, "no such model card");
        }
        ModelCard card = ModelCard.read(cardFile);
        String sha256 = Sha256.ofFile(onnx);
        if (card.sha256().isPresent() && !card.sha256().get().equals(sha256)) {
            throw new IOException(cardFile + " does not belong to " + onnx.getFileName()
                    + ": the file's SHA-256 differs from the one the card records (replaced or modified after import?)");
        }
        OnnxNetwork network;
        try {
            network = OnnxNetwork.of(OnnxModelReader.read(onnx, ReadLimits.DEFAULT));
        } catch (IOException e) {
            throw new IOException(prefixed(onnx, e.getMessage()), e);
        }
        try {
            return of(network, card, sha256);
        } catch (IllegalArgumentException e) {
            throw new IOException(cardFile + ": " + e.getMessage(), e);
        }
    }

    private static String prefixed(Path file, String message) {
        return message != null && message.startsWith(file.toString()) ? message : file + ": " + message;
    }

    /**
     * A network bound to its card.
     *
     * @param identity what predictions depend on besides the input: the ONNX file's SHA-256
     * @throws IllegalArgumentException when the card does not fit the graph
     */
    public static OnnxBrainAgeModel of(OnnxNetwork network, ModelCard card, String identity) {
        ModelMetadata metadata = card.metadata();
        List<ValueInfo> inputs = network.inputs();
        ValueInfo image = card.imageInput().map(name -> input(inputs, name, "image")).orElse(inputs.get(0));
        Optional<ValueInfo> context = Optional.empty();
        if (metadata.contextSize() > 0) {
            context = Optional.of(card.contextInput().map(name -> input(inputs, name, "context.input")).orElseGet(() -> inputs.stream()
                    .filter(input -> !input.name().equals(image.name())).findFirst().orElseThrow(() -> new IllegalArgumentException(
                            "the card describes context features but the model has only one input, '" + image.name() + "'"))));
        }
        if (inputs.size() != 1 + (context.isPresent() ? 1 : 0)) {
            throw new IllegalArgumentException("the model has " + inputs.size() + " inputs (" + names(inputs) + ") but the card describes "
                    + (context.isPresent() ? "an image and a context" : "an image only (a hybrid's card gives its \"context\")"));
        }
        int[] grid = metadata.grid();
        requireShape(image, new long[] { -1, 1, grid[0], grid[1], grid[2] }, "the card's grid " + grid[0] + "x" + grid[1] + "x" + grid[2]);
        context.ifPresent(input -> requireShape(input, new long[] { -1, metadata.contextSize() },
                metadata.contextSize() + " context features"));
        List<ValueInfo> outputs = network.outputs();
        String output = card.output().map(name -> {
            if (outputs.stream().noneMatch(info -> info.name().equals(name))) {
                throw new IllegalArgumentException("the model has no output '" + name + "' (outputs: " + names(outputs) + ")");
            }
            return name;
        }).orElse(outputs.get(0).name());
        long batchLimit = image.shape().map(shape -> shape[0] > 0 ? shape[0] : Long.MAX_VALUE).orElse(Long.MAX_VALUE);
        return new OnnxBrainAgeModel(network, metadata, image.name(), context.map(ValueInfo::name), output, identity, batchLimit);
    }

    private static ValueInfo input(List<ValueInfo> inputs, String name, String field) {
        return inputs.stream().filter(input -> input.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                field + " names '" + name + "', which is not an input of the model (inputs: " + names(inputs) + ")"));
    }

    private static String names(List<ValueInfo> values) {
        return String.join(", ", values.stream().map(ValueInfo::name).toList());
    }

    /** A declared shape must agree with {@code expected} wherever both are fixed (-1: any size). */
    private static void requireShape(ValueInfo input, long[] expected, String what) {
        Optional<long[]> declared = input.shape();
        if (declared.isEmpty()) {
            return;
        }
        long[] shape = declared.get();
        boolean fits = shape.length == expected.length;
        for (int axis = 0; fits && axis < shape.length; axis++) {
            fits = shape[axis] < 0 || expected[axis] < 0 || shape[axis] == expected[axis];
        }
        if (!fits) {
            throw new IllegalArgumentException(what + " does not fit the model's input '" + input.name() + "' of shape "
                    + Arrays.toString(shape).replace("-1", "?") + " (expected " + Arrays.toString(expected).replace("-1", "n") + ")");
        }
    }

    @Override
    public ModelMetadata metadata() {
        return metadata;
    }

    /** The SHA-256 of the ONNX file. */
    @Override
    public String identity() {
        return identity;
    }

    /** The card of this model as {@code perturba import-model} writes it: names resolved, the file's SHA-256 recorded. */
    public String card() {
        return new ModelCard(metadata, Optional.of(imageInput), contextInput, Optional.of(output), Optional.of(identity)).toJson();
    }

    @Override
    public synchronized double[] predictAges(ModelInput input) {
        double[] ages = new double[(int) input.batchSize()];
        int from = 0;
        for (ModelInput chunk : chunks(input)) {
            double[] values = values(network.run(feeds(chunk, prepared(chunk).networkImages())).get(output), chunk.batchSize());
            for (double value : values) {
                ages[from++] = value * metadata.ageScale() + metadata.ageMean();
            }
        }
        return ages;
    }

    @Override
    public synchronized InputGradients ageGradients(ModelInput input) {
        Set<String> withRespectTo = contextInput.map(name -> Set.of(imageInput, name)).orElse(Set.of(imageInput));
        List<INDArray> images = new ArrayList<>();
        List<INDArray> contexts = new ArrayList<>();
        for (ModelInput chunk : chunks(input)) {
            Prepared prepared = prepared(chunk);
            OnnxNetwork.Gradients gradients = network.gradients(feeds(chunk, prepared.networkImages()), output, withRespectTo);
            values(gradients.output(), chunk.batchSize()); // one value per example, or the summed gradient would mix them
            images.add(prepared.backpropagate(gradients.inputs().get(imageInput)).muli(metadata.ageScale()));
            contextInput.ifPresent(name -> contexts.add(gradients.inputs().get(name).mul(metadata.ageScale())));
        }
        DataType type = input.images().dataType();
        return new InputGradients(joined(images).castTo(type), contexts.isEmpty() ? Optional.empty() : Optional.of(joined(contexts).castTo(type)));
    }

    private static INDArray joined(List<INDArray> batches) {
        return batches.size() == 1 ? batches.get(0) : Nd4j.concat(0, batches.toArray(INDArray[]::new));
    }

    /** The batch in runs of at most {@link #batchLimit} examples. */
    private List<ModelInput> chunks(ModelInput input) {
        requireFits(input);
        long size = input.batchSize();
        if (size <= batchLimit) {
            return List.of(input);
        }
        List<ModelInput> chunks = new ArrayList<>();
        for (long from = 0; from < size; from += batchLimit) {
            chunks.add(input.rows(LongStream.range(from, Math.min(size, from + batchLimit)).mapToInt(Math::toIntExact).toArray()));
        }
        return chunks;
    }

    private void requireFits(ModelInput input) {
        int[] grid = metadata.grid();
        long[] shape = input.images().shape();
        if (shape.length != 5 || shape[1] != 1 || shape[2] != grid[0] || shape[3] != grid[1] || shape[4] != grid[2]) {
            throw new IllegalArgumentException("images of shape " + Arrays.toString(shape) + " do not fit the model's grid "
                    + Arrays.toString(grid) + " (expected [n, 1, " + grid[0] + ", " + grid[1] + ", " + grid[2] + "])");
        }
        if (contextInput.isPresent()) {
            INDArray context = input.context().orElseThrow(() -> new IllegalArgumentException(
                    "the model needs context features (" + metadata.contextSize() + " per subject)"));
            if (context.rank() != 2 || context.size(0) != input.batchSize() || context.size(1) != metadata.contextSize()) {
                throw new IllegalArgumentException("context of shape " + Arrays.toString(context.shape()) + ", expected ["
                        + input.batchSize() + ", " + metadata.contextSize() + "]");
            }
        }
    }

    /** The images as the network reads them and the way back to the caller's images for gradients. */
    private interface Prepared {
        INDArray networkImages();

        INDArray backpropagate(INDArray networkGradient);
    }

    private Prepared prepared(ModelInput input) {
        INDArray images = input.images().castTo(DataType.FLOAT);
        if (!metadata.inputNormalisation().zScoreInModel()) {
            return new Prepared() {
                @Override
                public INDArray networkImages() {
                    return images;
                }

                @Override
                public INDArray backpropagate(INDArray networkGradient) {
                    return networkGradient;
                }
            };
        }
        BrainZScores scores = new BrainZScores(images, input.changeableVoxels().castTo(DataType.FLOAT));
        return new Prepared() {
            @Override
            public INDArray networkImages() {
                return scores.scores();
            }

            @Override
            public INDArray backpropagate(INDArray networkGradient) {
                return scores.backpropagate(networkGradient);
            }
        };
    }

    private Map<String, INDArray> feeds(ModelInput input, INDArray networkImages) {
        Map<String, INDArray> feeds = new HashMap<>();
        feeds.put(imageInput, networkImages);
        contextInput.ifPresent(name -> feeds.put(name, input.context().orElseThrow().castTo(DataType.FLOAT)));
        return feeds;
    }

    /** The output as one value per example. */
    private double[] values(INDArray values, long examples) {
        if (values.length() != examples) {
            throw new IllegalStateException("the model's output '" + output + "' has shape " + Arrays.toString(values.shape()) + " for "
                    + examples + " examples: a brain-age model gives one value per example");
        }
        return values.castTo(DataType.DOUBLE).reshape(examples).toDoubleVector();
    }
}

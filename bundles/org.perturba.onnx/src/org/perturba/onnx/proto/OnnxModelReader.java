package org.perturba.onnx.proto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.perturba.onnx.model.ElementType;
import org.perturba.onnx.model.OnnxAttribute;
import org.perturba.onnx.model.OnnxGraph;
import org.perturba.onnx.model.OnnxModel;
import org.perturba.onnx.model.OnnxNode;
import org.perturba.onnx.model.OnnxTensor;
import org.perturba.onnx.model.ValueInfo;

/**
 * Reads an ONNX model ({@code ModelProto}, onnx.proto's field numbers) within {@link ReadLimits}.
 * Tensors stored as external data are read only from regular files inside the model's own folder.
 */
public final class OnnxModelReader {
    private final ReadLimits limits;
    private final Optional<Path> folder;
    private int nodes;

    private OnnxModelReader(ReadLimits limits, Optional<Path> folder) {
        this.limits = limits;
        this.folder = folder;
    }

    /** @throws MalformedModelException (one line) when the file is not a model this reader takes */
    public static OnnxModel read(Path file, ReadLimits limits) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such model file");
        }
        long size = Files.size(file);
        if (size > limits.maxFileBytes()) {
            throw new MalformedModelException(file + " is " + size + " bytes, over the limit of " + limits.maxFileBytes());
        }
        ByteBuffer bytes;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        Path parent = file.toAbsolutePath().getParent();
        return new OnnxModelReader(limits, Optional.of(parent)).model(new ProtoReader(bytes));
    }

    /** A model held in memory; external data is refused, there being no folder to read it from. */
    public static OnnxModel read(ByteBuffer bytes, ReadLimits limits) throws MalformedModelException {
        try {
            return new OnnxModelReader(limits, Optional.empty()).model(new ProtoReader(bytes));
        } catch (MalformedModelException e) {
            throw e;
        } catch (IOException e) {
            throw new MalformedModelException(e.getMessage());
        }
    }

    private OnnxModel model(ProtoReader reader) throws IOException {
        long irVersion = 0;
        String producer = "", producerVersion = "";
        Map<String, Long> opsets = new LinkedHashMap<>();
        OnnxGraph graph = null;
        while (reader.next()) {
            switch (reader.field()) {
                case 1 -> irVersion = reader.integer();
                case 2 -> producer = reader.string();
                case 3 -> producerVersion = reader.string();
                case 7 -> graph = graph(reader.message());
                case 8 -> opset(reader.message(), opsets);
                default -> reader.skip();
            }
        }
        if (graph == null) {
            throw new MalformedModelException("not an ONNX model: no graph");
        }
        return new OnnxModel(irVersion, opsets, (producer + " " + producerVersion).trim(), graph);
    }

    private static void opset(ProtoReader reader, Map<String, Long> opsets) throws MalformedModelException {
        String domain = "";
        long version = 0;
        while (reader.next()) {
            switch (reader.field()) {
                case 1 -> domain = reader.string();
                case 2 -> version = reader.integer();
                default -> reader.skip();
            }
        }
        opsets.put(domain, version);
    }

    private OnnxGraph graph(ProtoReader reader) throws IOException {
        String name = "";
        List<OnnxNode> graphNodes = new ArrayList<>();
        Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
        List<ValueInfo> inputs = new ArrayList<>();
        List<ValueInfo> outputs = new ArrayList<>();
        while (reader.next()) {
            switch (reader.field()) {
                case 1 -> {
                    if (++nodes > limits.maxNodes()) {
                        throw new MalformedModelException("the graph has more than " + limits.maxNodes() + " nodes");
                    }
                    graphNodes.add(node(reader.message(), graphNodes.size()));
                }
                case 2 -> name = reader.string();
                case 5 -> {
                    OnnxTensor tensor = tensor(reader.message());
                    initializers.put(tensor.name(), tensor);
                }
                case 11 -> inputs.add(valueInfo(reader.message()));
                case 12 -> outputs.add(valueInfo(reader.message()));
                case 15 -> throw new MalformedModelException("sparse initializers are not supported");
                default -> reader.skip();
            }
        }
        inputs.removeIf(input -> initializers.containsKey(input.name()));
        return new OnnxGraph(name, graphNodes, initializers, inputs, outputs);
    }

    private OnnxNode node(ProtoReader reader, int index) throws IOException {
        String name = "", opType = "", domain = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Map<String, OnnxAttribute> attributes = new HashMap<>();
        while (reader.next()) {
            switch (reader.field()) {
                case 1 -> inputs.add(reader.string());
                case 2 -> outputs.add(reader.string());
                case 3 -> name = reader.string();
                case 4 -> opType = reader.string();
                case 5 -> attribute(reader.message(), attributes);
                case 7 -> domain = reader.string();
                default -> reader.skip();
            }
        }
        if (opType.isEmpty()) {
            throw new MalformedModelException("node " + index + " has no operator type");
        }
        return new OnnxNode(name.isEmpty() ? opType + "_" + index : name, opType, domain, inputs, outputs, attributes);
    }

    private void attribute(ProtoReader reader, Map<String, OnnxAttribute> attributes) throws IOException {
        String name = "";
        int type = 0;
        Float f = null;
        Long i = null;
        String s = null;
        OnnxTensor t = null;
        FloatList floats = new FloatList();
        LongList ints = new LongList();
        List<String> strings = new ArrayList<>();
        int unsupported = 0;
        while (reader.next()) {
            switch (reader.field()) {
                case 1 -> name = reader.string();
                case 20 -> type = (int) reader.integer();
                case 2 -> f = reader.float32();
                case 3 -> i = reader.integer();
                case 4 -> s = reader.string();
                case 5 -> t = tensor(reader.message());
                case 7 -> reader.repeatedFloats(value -> floats.add(value, limits));
                case 8 -> reader.repeatedIntegers(value -> ints.add(value, limits));
                case 9 -> strings.add(reader.string());
                case 6, 10, 11, 12, 14, 15, 22, 23 -> {
                    unsupported = reader.field();
                    reader.skip();
                }
                default -> reader.skip();
            }
        }
        OnnxAttribute value;
        // files before IR 3 may leave the type out: then the field that is present tells it
        if (type == 1 || (type == 0 && f != null)) {
            value = new OnnxAttribute.FloatValue(f == null ? 0f : f);
        } else if (type == 2 || (type == 0 && i != null)) {
            value = new OnnxAttribute.IntValue(i == null ? 0 : i);
        } else if (type == 3 || (type == 0 && s != null)) {
            value = new OnnxAttribute.StringValue(s == null ? "" : s);
        } else if (type == 4 || (type == 0 && t != null)) {
            if (t == null) {
                throw new MalformedModelException("tensor attribute '" + name + "' holds no tensor");
            }
            value = new OnnxAttribute.TensorValue(t);
        } else if (type == 6 || (type == 0 && floats.size > 0)) {
            value = new OnnxAttribute.Floats(floats.toArray());
        } else if (type == 7 || (type == 0 && ints.size > 0)) {
            value = new OnnxAttribute.Ints(ints.toArray());
        } else if (type == 8 || (type == 0 && !strings.isEmpty())) {
            value = new OnnxAttribute.Strings(strings);
        } else {
            value = new OnnxAttribute.Unsupported(type != 0 ? type : unsupported);
        }
        attributes.put(name, value);
    }

    private ValueInfo valueInfo(ProtoReader reader) throws MalformedModelException {
        String name = "";
        int elementType = 0;
        Optional<long[]> shape = Optional.empty();
        while (reader.next()) {
            if (reader.field() == 1) {
                name = reader.string();
            } else if (reader.field() == 2) {
                ProtoReader type = reader.message();
                while (type.next()) {
                    if (type.field() != 1) {
                        type.skip();
                        continue;
                    }
                    ProtoReader tensorType = type.message();
                    while (tensorType.next()) {
                        if (tensorType.field() == 1) {
                            elementType = (int) tensorType.integer();
                        } else if (tensorType.field() == 2) {
                            shape = Optional.of(shape(tensorType.message()));
                        } else {
                            tensorType.skip();
                        }
                    }
                }
            } else {
                reader.skip();
            }
        }
        return new ValueInfo(name, elementType, shape);
    }

    private long[] shape(ProtoReader reader) throws MalformedModelException {
        LongList dims = new LongList();
        while (reader.next()) {
            if (reader.field() != 1) {
                reader.skip();
                continue;
            }
            ProtoReader dimension = reader.message();
            long value = -1;
            while (dimension.next()) {
                if (dimension.field() == 1) {
                    value = dimension.integer();
                } else {
                    dimension.skip();
                }
            }
            dims.add(value < 0 ? -1 : value, limits);
        }
        return dims.toArray();
    }

    private OnnxTensor tensor(ProtoReader reader) throws IOException {
        String name = "";
        LongList dims = new LongList();
        int typeCode = 0;
        ByteBuffer raw = null;
        FloatList floats = new FloatList();
        LongList integers = new LongList();
        List<Double> doubles = new ArrayList<>();
        Map<String, String> external = new HashMap<>();
        boolean externalLocation = false;
        while (reader.next()) {
            switch (reader.field()) {
                case 1 -> reader.repeatedIntegers(value -> dims.add(value, limits));
                case 2 -> typeCode = (int) reader.integer();
                case 3 -> throw new MalformedModelException("segmented tensors are not supported");
                case 4 -> reader.repeatedFloats(value -> floats.add(value, limits));
                case 5, 7, 11 -> reader.repeatedIntegers(value -> integers.add(value, limits));
                case 8 -> name = reader.string();
                case 9 -> raw = reader.bytes();
                case 10 -> readDoubles(reader, doubles);
                case 13 -> entry(reader.message(), external);
                case 14 -> externalLocation = reader.integer() == 1;
                default -> reader.skip();
            }
        }
        String label = name.isEmpty() ? "a tensor" : "tensor '" + name + "'";
        int code = typeCode;
        ElementType type = ElementType.of(typeCode).orElseThrow(() -> new MalformedModelException(
                label + " has element type " + ElementType.describe(code) + ", which is not supported (export in float32)"));
        long[] shape = dims.toArray();
        long elements;
        try {
            elements = OnnxTensor.elements(shape);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new MalformedModelException(label + " has an invalid shape: " + e.getMessage());
        }
        if (elements > limits.maxTensorElements()) {
            throw new MalformedModelException(label + " has " + elements + " elements, over the limit of " + limits.maxTensorElements());
        }
        long bytes = elements * type.bytes();
        ByteBuffer data;
        if (externalLocation) {
            data = external(label, external, bytes);
        } else if (raw != null) {
            data = raw;
        } else {
            data = typed(label, type, elements, floats, integers, doubles);
        }
        if (data.remaining() != bytes) {
            throw new MalformedModelException(label + " of " + elements + " " + type.name().toLowerCase() + " elements holds "
                    + data.remaining() + " bytes of data, not " + bytes);
        }
        return new OnnxTensor(name, type, shape, data);
    }

    private void readDoubles(ProtoReader reader, List<Double> doubles) throws MalformedModelException {
        if (reader.wireType() != ProtoReader.LENGTH_DELIMITED) {
            doubles.add(Double.longBitsToDouble(reader.integer()));
            return;
        }
        ByteBuffer packed = reader.bytes();
        if (packed.remaining() % 8 != 0 || packed.remaining() / 8 > limits.maxTensorElements()) {
            throw new MalformedModelException("a packed double field of " + packed.remaining() + " bytes");
        }
        while (packed.hasRemaining()) {
            doubles.add(packed.getDouble());
        }
    }

    private static ByteBuffer typed(String label, ElementType type, long elements, FloatList floats, LongList integers,
            List<Double> doubles) throws MalformedModelException {
        long given = type == ElementType.FLOAT ? floats.size : type == ElementType.DOUBLE ? doubles.size() : integers.size;
        if (given != elements) {
            throw new MalformedModelException(label + " should hold " + elements + " values but holds " + given);
        }
        ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(elements * type.bytes())).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < elements; i++) {
            switch (type) {
                case FLOAT -> data.putFloat(floats.values[i]);
                case DOUBLE -> data.putDouble(doubles.get(i));
                case INT64 -> data.putLong(integers.values[i]);
                case INT32 -> data.putInt((int) integers.values[i]);
                case UINT8, INT8, BOOL -> data.put((byte) integers.values[i]);
            }
        }
        return data.flip();
    }

    private static void entry(ProtoReader reader, Map<String, String> entries) throws MalformedModelException {
        String key = "", value = "";
        while (reader.next()) {
            switch (reader.field()) {
                case 1 -> key = reader.string();
                case 2 -> value = reader.string();
                default -> reader.skip();
            }
        }
        entries.put(key, value);
    }

    /** External data: a file in the model's folder (no absolute paths, no way out of it, no links leading out). */
    private ByteBuffer external(String label, Map<String, String> entry, long bytes) throws IOException {
        Path base = folder.orElseThrow(() -> new MalformedModelException(label + " is stored outside the model, which has no folder here"));
        String location = entry.getOrDefault("location", "");
        Path relative;
        try {
            relative = Path.of(location);
        } catch (RuntimeException e) {
            throw new MalformedModelException(label + " names external data '" + location + "', not a path");
        }
        Path file = base.resolve(relative).normalize();
        if (location.isEmpty() || relative.isAbsolute() || !file.startsWith(base)) {
            throw new MalformedModelException(label + " names external data '" + location + "' outside the model's folder");
        }
        if (!Files.isRegularFile(file) || !file.toRealPath().startsWith(base.toRealPath())) {
            throw new MalformedModelException(label + ": its external data '" + location + "' is not a file in the model's folder");
        }
        long offset = number(label, entry, "offset", 0);
        long length = number(label, entry, "length", bytes);
        long size = Files.size(file);
        if (length != bytes || offset > size || size - offset < length || size > limits.maxFileBytes()) {
            throw new MalformedModelException(label + ": " + length + " bytes at offset " + offset + " of '" + location + "' ("
                    + size + " bytes) cannot be its " + bytes + " bytes");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, offset, length).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private static long number(String label, Map<String, String> entry, String key, long otherwise) throws MalformedModelException {
        String value = entry.get(key);
        if (value == null) {
            return otherwise;
        }
        try {
            long number = Long.parseLong(value.trim());
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MalformedModelException(label + ": external data " + key + " '" + value + "' is not a byte count");
    }

    /** A growable list of longs, bounded by the tensor limit. */
    private static final class LongList {
        long[] values = new long[8];
        int size;

        void add(long value, ReadLimits limits) throws MalformedModelException {
            if (size >= limits.maxTensorElements()) {
                throw new MalformedModelException("a repeated field of more than " + limits.maxTensorElements() + " values");
            }
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, Math.toIntExact(Math.min(2L * size, Integer.MAX_VALUE - 8)));
            }
            values[size++] = value;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }

    /** A growable list of floats, bounded by the tensor limit. */
    private static final class FloatList {
        float[] values = new float[8];
        int size;

        void add(float value, ReadLimits limits) throws MalformedModelException {
            if (size >= limits.maxTensorElements()) {
                throw new MalformedModelException("a repeated field of more than " + limits.maxTensorElements() + " values");
            }
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, Math.toIntExact(Math.min(2L * size, Integer.MAX_VALUE - 8)));
            }
            values[size++] = value;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}

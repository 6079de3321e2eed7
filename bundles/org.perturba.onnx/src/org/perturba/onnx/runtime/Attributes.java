package org.perturba.onnx.runtime;

import java.util.Arrays;
import java.util.Optional;

import org.perturba.onnx.model.OnnxAttribute;
import org.perturba.onnx.model.OnnxNode;
import org.perturba.onnx.model.OnnxTensor;

/** A node's attributes with ONNX's defaults, refusing a value of the wrong kind in one line that names the node. */
final class Attributes {
    private final OnnxNode node;

    Attributes(OnnxNode node) {
        this.node = node;
    }

    OnnxNode node() {
        return node;
    }

    boolean has(String name) {
        return node.attributes().containsKey(name);
    }

    long integer(String name, long otherwise) throws UnsupportedModelException {
        OnnxAttribute value = node.attributes().get(name);
        if (value == null) {
            return otherwise;
        }
        if (value instanceof OnnxAttribute.IntValue i) {
            return i.value();
        }
        throw wrongKind(name, "an integer");
    }

    float real(String name, float otherwise) throws UnsupportedModelException {
        OnnxAttribute value = node.attributes().get(name);
        if (value == null) {
            return otherwise;
        }
        if (value instanceof OnnxAttribute.FloatValue f) {
            return f.value();
        }
        throw wrongKind(name, "a float");
    }

    String string(String name, String otherwise) throws UnsupportedModelException {
        OnnxAttribute value = node.attributes().get(name);
        if (value == null) {
            return otherwise;
        }
        if (value instanceof OnnxAttribute.StringValue s) {
            return s.value();
        }
        throw wrongKind(name, "a string");
    }

    Optional<long[]> integers(String name) throws UnsupportedModelException {
        OnnxAttribute value = node.attributes().get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof OnnxAttribute.Ints ints) {
            return Optional.of(ints.values().clone());
        }
        if (value instanceof OnnxAttribute.IntValue i) {
            return Optional.of(new long[] { i.value() });
        }
        throw wrongKind(name, "a list of integers");
    }

    /** A list attribute of {@code count} integers, or {@code otherwise} repeated when absent. */
    long[] integers(String name, int count, long otherwise) throws UnsupportedModelException {
        Optional<long[]> values = integers(name);
        if (values.isEmpty()) {
            long[] filled = new long[count];
            Arrays.fill(filled, otherwise);
            return filled;
        }
        if (values.get().length != count) {
            throw unsupported("attribute '" + name + "' has " + values.get().length + " values, expected " + count);
        }
        return values.get();
    }

    Optional<OnnxTensor> tensor(String name) throws UnsupportedModelException {
        OnnxAttribute value = node.attributes().get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof OnnxAttribute.TensorValue t) {
            return Optional.of(t.value());
        }
        throw wrongKind(name, "a tensor");
    }

    Optional<float[]> reals(String name) throws UnsupportedModelException {
        OnnxAttribute value = node.attributes().get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof OnnxAttribute.Floats floats) {
            return Optional.of(floats.values().clone());
        }
        throw wrongKind(name, "a list of floats");
    }

    UnsupportedModelException unsupported(String what) {
        return new UnsupportedModelException(node.describe() + ": " + what);
    }

    private UnsupportedModelException wrongKind(String name, String kind) {
        return unsupported("attribute '" + name + "' should be " + kind);
    }
}

package org.perturba.onnx.model;

import java.util.List;

/** A node attribute of the kinds ONNX operators of this runtime take; any other kind is {@link Unsupported}. */
public sealed interface OnnxAttribute {
    record FloatValue(float value) implements OnnxAttribute {
    }

    record IntValue(long value) implements OnnxAttribute {
    }

    record StringValue(String value) implements OnnxAttribute {
    }

    record TensorValue(OnnxTensor value) implements OnnxAttribute {
    }

    record Floats(float[] values) implements OnnxAttribute {
    }

    record Ints(long[] values) implements OnnxAttribute {
    }

    record Strings(List<String> values) implements OnnxAttribute {
    }

    /** A graph, sparse tensor or type attribute: refused by the operators that would need one. */
    record Unsupported(int type) implements OnnxAttribute {
    }
}

package org.perturba.onnx.model;

import java.util.Map;

/**
 * An ONNX model as read from its file.
 *
 * @param opsets the operator set version of each domain the model imports ({@code ""} is ONNX's own)
 * @param producer e.g. {@code pytorch 1.13.0}
 */
public record OnnxModel(long irVersion, Map<String, Long> opsets, String producer, OnnxGraph graph) {

    public OnnxModel {
        opsets = Map.copyOf(opsets);
    }

    /** The version of ONNX's default operator set the model uses. */
    public long opset() {
        Long version = opsets.get("");
        return version != null ? version : opsets.getOrDefault("ai.onnx", 0L);
    }
}

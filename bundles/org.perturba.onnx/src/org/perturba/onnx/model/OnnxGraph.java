package org.perturba.onnx.model;

import java.util.List;
import java.util.Map;

/**
 * The main graph of an ONNX model. {@code inputs} are the graph inputs that are not initializers
 * (ONNX before IR 4 listed initializers among the inputs too): what a caller must feed.
 */
public record OnnxGraph(String name, List<OnnxNode> nodes, Map<String, OnnxTensor> initializers, List<ValueInfo> inputs,
        List<ValueInfo> outputs) {

    public OnnxGraph {
        nodes = List.copyOf(nodes);
        initializers = Map.copyOf(initializers);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}

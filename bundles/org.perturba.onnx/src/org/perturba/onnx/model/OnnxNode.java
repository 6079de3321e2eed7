package org.perturba.onnx.model;

import java.util.List;
import java.util.Map;

/**
 * One node of an ONNX graph. An empty input name is an optional input left out, as ONNX writes it.
 *
 * @param name the node's name, or a name made from its position when the file gives none
 */
public record OnnxNode(String name, String opType, String domain, List<String> inputs, List<String> outputs,
        Map<String, OnnxAttribute> attributes) {

    public OnnxNode {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = Map.copyOf(attributes);
    }

    /** How messages name the node: {@code Conv node 'conv1'}. */
    public String describe() {
        return opType + " node '" + name + "'";
    }
}

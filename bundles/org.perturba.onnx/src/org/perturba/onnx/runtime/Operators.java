package org.perturba.onnx.runtime;

import java.util.List;

import org.perturba.onnx.model.OnnxNode;

/** Binds an ONNX node to the operator that runs it, or refuses it in one line that names the operator and the node. */
final class Operators {
    /** Every operator this runtime runs, ONNX's default domain. */
    static final List<String> SUPPORTED = List.of("Add", "AveragePool", "BatchNormalization", "Cast", "Concat", "Constant", "Conv",
            "ConvTranspose", "Div", "Dropout", "Elu", "Flatten", "Gather", "Gemm", "GlobalAveragePool", "Identity", "InstanceNormalization",
            "LeakyRelu", "LogSoftmax", "MatMul", "MaxPool", "Mul", "Pad", "ReduceMean", "ReduceSum", "Relu", "Reshape", "Shape", "Sigmoid",
            "Softmax", "Squeeze", "Sub", "Tanh", "Transpose", "Unsqueeze");

    private Operators() {
    }

    static Operator create(OnnxNode node, long opset) throws UnsupportedModelException {
        Attributes attributes = new Attributes(node);
        if (!node.domain().isEmpty() && !node.domain().equals("ai.onnx")) {
            throw attributes.unsupported("operator domain '" + node.domain() + "' is not supported (only ONNX's own operators are)");
        }
        return switch (node.opType()) {
            case "Conv" -> new Convolutions.Conv(attributes);
            case "ConvTranspose" -> new Convolutions.ConvTranspose(attributes);
            case "BatchNormalization" -> new Normalisation.BatchNormalization(attributes);
            case "InstanceNormalization" -> new Normalisation.InstanceNormalization(attributes);
            case "Relu" -> new Activations.Relu();
            case "LeakyRelu" -> new Activations.LeakyRelu(attributes);
            case "Elu" -> new Activations.Elu(attributes);
            case "Sigmoid" -> new Activations.Sigmoid();
            case "Tanh" -> new Activations.Tanh();
            case "Softmax" -> new Activations.Softmax(attributes, opset, false);
            case "LogSoftmax" -> new Activations.Softmax(attributes, opset, true);
            case "MaxPool" -> new Pooling.MaxPool(attributes);
            case "AveragePool" -> new Pooling.AveragePool(attributes);
            case "GlobalAveragePool" -> new Pooling.GlobalAveragePool();
            case "Flatten" -> new ShapeOperators.Flatten(attributes);
            case "Reshape" -> new ShapeOperators.Reshape(attributes);
            case "Pad" -> new ShapeOperators.Pad(attributes, opset);
            case "Squeeze" -> new ShapeOperators.Squeeze(attributes, false);
            case "Unsqueeze" -> new ShapeOperators.Squeeze(attributes, true);
            case "Transpose" -> new ShapeOperators.Transpose(attributes);
            case "Concat" -> new ShapeOperators.Concat(attributes);
            case "Identity", "Dropout" -> new ShapeOperators.Identity(attributes);
            case "Constant" -> new ShapeOperators.Constant(attributes);
            case "Shape" -> new ShapeOperators.Shape(attributes);
            case "Gather" -> new ShapeOperators.Gather(attributes);
            case "Cast" -> new ShapeOperators.Cast(attributes);
            case "Gemm" -> new Arithmetic.Gemm(attributes);
            case "MatMul" -> new Arithmetic.MatMul();
            case "Add" -> new Arithmetic.Binary("add");
            case "Sub" -> new Arithmetic.Binary("subtract");
            case "Mul" -> new Arithmetic.Binary("multiply");
            case "Div" -> new Arithmetic.Binary("divide");
            case "ReduceSum" -> new Arithmetic.Reduce(attributes, false);
            case "ReduceMean" -> new Arithmetic.Reduce(attributes, true);
            default -> throw attributes.unsupported("operator " + node.opType() + " is not supported (supported: " + String.join(", ", SUPPORTED) + ")");
        };
    }
}

package org.perturba.onnx.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.dl4j.Nd4jRuntime;
import org.perturba.onnx.model.ElementType;
import org.perturba.onnx.model.OnnxModel;
import org.perturba.onnx.model.OnnxNode;
import org.perturba.onnx.model.ValueInfo;

/**
 * An ONNX model's graph bound to operators and run on ND4J in float32: forward passes, and exact
 * gradients of an output with respect to chosen inputs by reverse-mode differentiation over the
 * nodes (only the inputs' gradients: never the weights').
 * <p>
 * Each pass allocates its intermediate arrays in one ND4J workspace, kept by the calling thread and
 * shared by every network, so that the next pass reuses the same memory: fresh off-heap memory for
 * each array, page faults included, cost more than the arithmetic (a 48³ input gradient took 283
 * ms with fresh arrays, 153 ms in the workspace). What a pass returns is detached from it. The
 * workspace holds the largest pass's memory until {@code Nd4jRuntime.releaseWorkspaces()}.
 */
public final class OnnxNetwork {
    /** The operator sets whose semantics the operators follow (PyTorch exports 11–17 by default). */
    public static final long MIN_OPSET = 7, MAX_OPSET = 18;

    private static final String PASS_WORKSPACE = "PERTURBA_ONNX_PASS";
    /** Sized by the first pass, grown when a later one needs more; reset when each pass ends. */
    private static final WorkspaceConfiguration PASS_MEMORY = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE).policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT).policySpill(SpillPolicy.REALLOCATE).build();

    private final OnnxModel model;
    private final List<OnnxNode> nodes;
    private final List<Operator> operators;
    private final Map<String, INDArray> constants;
    /** For each value, the index of the last node that reads it (graph outputs: never dropped). */
    private final Map<String, Integer> lastUse;

    private OnnxNetwork(OnnxModel model, List<Operator> operators, Map<String, INDArray> constants, Map<String, Integer> lastUse) {
        this.model = model;
        this.nodes = model.graph().nodes();
        this.operators = operators;
        this.constants = constants;
        this.lastUse = lastUse;
    }

    /**
     * Binds every node, checking what can be checked before running: the operator set, each operator,
     * and that every value a node reads is produced before it.
     *
     * @throws UnsupportedModelException one line naming what is not supported and where
     */
    public static OnnxNetwork of(OnnxModel model) throws UnsupportedModelException {
        Nd4jRuntime.initialise();
        long opset = model.opset();
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new UnsupportedModelException("the model uses ONNX operator set " + opset + "; Perturba runs sets " + MIN_OPSET + " to "
                    + MAX_OPSET + " (torch.onnx.export(..., opset_version=13) writes one)");
        }
        Set<String> available = new HashSet<>(model.graph().initializers().keySet());
        model.graph().inputs().forEach(input -> available.add(input.name()));
        List<Operator> operators = new ArrayList<>();
        Map<String, Integer> lastUse = new HashMap<>();
        List<OnnxNode> nodes = model.graph().nodes();
        for (int i = 0; i < nodes.size(); i++) {
            OnnxNode node = nodes.get(i);
            operators.add(Operators.create(node, opset));
            for (String input : node.inputs()) {
                if (input.isEmpty()) {
                    continue;
                }
                if (!available.contains(input)) {
                    throw new UnsupportedModelException(node.describe() + " reads '" + input + "', which no input, initializer or earlier node provides");
                }
                lastUse.put(input, i);
            }
            node.outputs().stream().filter(output -> !output.isEmpty()).forEach(available::add);
        }
        for (ValueInfo output : model.graph().outputs()) {
            if (!available.contains(output.name())) {
                throw new UnsupportedModelException("the graph output '" + output.name() + "' is produced by no node");
            }
            lastUse.put(output.name(), Integer.MAX_VALUE);
        }
        Map<String, INDArray> constants = new HashMap<>();
        model.graph().initializers().forEach((name, tensor) -> constants.put(name, Tensors.of(tensor)));
        return new OnnxNetwork(model, operators, constants, lastUse);
    }

    public OnnxModel model() {
        return model;
    }

    /** The inputs a caller feeds, in the graph's order. */
    public List<ValueInfo> inputs() {
        return model.graph().inputs();
    }

    public List<ValueInfo> outputs() {
        return model.graph().outputs();
    }

    /** The graph's outputs for {@code feeds} (one array per graph input, by name). */
    public Map<String, INDArray> run(Map<String, INDArray> feeds) {
        try (MemoryWorkspace pass = passMemory()) {
            Map<String, INDArray> values = evaluate(feeds, false);
            Map<String, INDArray> outputs = new LinkedHashMap<>();
            for (ValueInfo output : outputs()) {
                outputs.put(output.name(), values.get(output.name()).detach());
            }
            return outputs;
        }
    }

    private static MemoryWorkspace passMemory() {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(PASS_MEMORY, PASS_WORKSPACE);
    }

    /** An output's value and its gradients. */
    public record Gradients(INDArray output, Map<String, INDArray> inputs) {
    }

    /**
     * The output {@code output} and the gradient of the sum of its elements with respect to each of
     * {@code withRespectTo} (graph inputs): for a batch of independent examples, each example's
     * gradient of its own output. An input the output does not depend on gets zeros.
     *
     * @throws UnsupportedOperationException one line naming a node the gradient cannot pass
     */
    public Gradients gradients(Map<String, INDArray> feeds, String output, Set<String> withRespectTo) {
        for (String input : withRespectTo) {
            if (inputs().stream().noneMatch(info -> info.name().equals(input))) {
                throw new IllegalArgumentException("the model has no input '" + input + "'");
            }
        }
        try (MemoryWorkspace pass = passMemory()) {
            return backPropagate(evaluate(feeds, true), output, withRespectTo);
        }
    }

    private Gradients backPropagate(Map<String, INDArray> values, String output, Set<String> withRespectTo) {
        INDArray result = values.get(output);
        if (result == null) {
            throw new IllegalArgumentException("the model has no value '" + output + "'");
        }
        Set<String> dependent = new HashSet<>(withRespectTo);
        for (OnnxNode node : nodes) {
            if (node.inputs().stream().anyMatch(dependent::contains)) {
                node.outputs().stream().filter(name -> isFloat(values.get(name))).forEach(dependent::add);
            }
        }
        Map<String, INDArray> gradients = new HashMap<>();
        gradients.put(output, Nd4j.ones(result.dataType(), result.shape()));
        for (int i = nodes.size() - 1; i >= 0; i--) {
            OnnxNode node = nodes.get(i);
            INDArray[] outputGradients = node.outputs().stream().map(gradients::remove).toArray(INDArray[]::new);
            if (Arrays.stream(outputGradients).allMatch(gradient -> gradient == null)) {
                continue;
            }
            boolean[] wanted = new boolean[node.inputs().size()];
            boolean any = false;
            for (int j = 0; j < wanted.length; j++) {
                wanted[j] = dependent.contains(node.inputs().get(j));
                any |= wanted[j];
            }
            if (!any) {
                continue;
            }
            INDArray[] inputs = arguments(node, values);
            INDArray[] outputs = node.outputs().stream().map(values::get).toArray(INDArray[]::new);
            INDArray[] inputGradients;
            try {
                inputGradients = operators.get(i).backward(inputs, outputs, outputGradients, wanted);
            } catch (UnsupportedOperationException e) {
                throw new UnsupportedOperationException(node.describe() + ": " + message(e), e);
            } catch (RuntimeException e) {
                throw new IllegalStateException(node.describe() + " (gradient): " + message(e), e);
            }
            for (int j = 0; j < wanted.length; j++) {
                if (wanted[j] && j < inputGradients.length && inputGradients[j] != null) {
                    gradients.merge(node.inputs().get(j), inputGradients[j], (a, b) -> a.add(b));
                }
            }
        }
        Map<String, INDArray> byInput = new LinkedHashMap<>();
        for (String input : withRespectTo) {
            INDArray fed = values.get(input);
            INDArray gradient = gradients.get(input);
            byInput.put(input, gradient != null ? gradient.detach() : Nd4j.zeros(fed.dataType(), fed.shape()).detach());
        }
        return new Gradients(result.detach(), byInput);
    }

    private Map<String, INDArray> evaluate(Map<String, INDArray> feeds, boolean keepAll) {
        Map<String, INDArray> values = new HashMap<>(constants);
        for (ValueInfo input : inputs()) {
            INDArray fed = feeds.get(input.name());
            if (fed == null) {
                throw new IllegalArgumentException("no value for the model's input '" + input.name() + "'");
            }
            values.put(input.name(), fed.dataType() == DataType.FLOAT || input.elementType() != ElementType.FLOAT.code() ? fed
                    : fed.castTo(DataType.FLOAT));
        }
        for (int i = 0; i < nodes.size(); i++) {
            OnnxNode node = nodes.get(i);
            INDArray[] outputs;
            try {
                outputs = operators.get(i).forward(arguments(node, values));
            } catch (RuntimeException e) {
                throw new IllegalStateException(node.describe() + ": " + message(e), e);
            }
            for (int j = 0; j < node.outputs().size() && j < outputs.length; j++) {
                if (!node.outputs().get(j).isEmpty()) {
                    values.put(node.outputs().get(j), outputs[j]);
                }
            }
            if (!keepAll) {
                final int index = i;
                node.inputs().forEach(input -> {
                    if (lastUse.getOrDefault(input, -1) == index && !constants.containsKey(input)) {
                        values.remove(input);
                    }
                });
            }
        }
        return values;
    }

    private static INDArray[] arguments(OnnxNode node, Map<String, INDArray> values) {
        return node.inputs().stream().map(name -> name.isEmpty() ? null : values.get(name)).toArray(INDArray[]::new);
    }

    private static boolean isFloat(INDArray array) {
        return array != null && array.dataType().isFPType();
    }

    private static String message(RuntimeException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}

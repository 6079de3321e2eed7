package org.perturba.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.model.layers.LeanConvolution3DLayer;

/**
 * One back-propagation through a computation graph for the gradient with respect to its inputs, not
 * its weights: the caller chooses the labels once the forward pass is done (from its activations),
 * so that the loss gradient at the output is the cotangent it wants, and gets the epsilons of the
 * graph's input vertices. Those live only during back-propagation, and only outside workspaces:
 * workspaces are off for the pass. The network must not be used by another thread meanwhile.
 */
public final class InputGradientPass {
    private InputGradientPass() {
    }

    /**
     * @param labels called with the network and the forward pass's activations by vertex name; sets the labels
     * @return d(loss)/d(input) for each of the network's inputs, in their order
     */
    public static INDArray[] run(ComputationGraph network, INDArray[] inputs,
            BiConsumer<ComputationGraph, Map<String, INDArray>> labels) {
        Capture capture = new Capture(labels);
        ComputationGraphConfiguration configuration = network.getConfiguration();
        WorkspaceMode training = configuration.getTrainingWorkspaceMode();
        WorkspaceMode inference = configuration.getInferenceWorkspaceMode();
        Collection<TrainingListener> listeners = new ArrayList<>(network.getListeners());
        configuration.setTrainingWorkspaceMode(WorkspaceMode.NONE);
        configuration.setInferenceWorkspaceMode(WorkspaceMode.NONE);
        network.setListeners(capture);
        setInputGradientOnly(network, true);
        try {
            network.setInputs(inputs);
            network.computeGradientAndScore();
        } finally {
            setInputGradientOnly(network, false);
            network.setListeners(listeners);
            configuration.setTrainingWorkspaceMode(training);
            configuration.setInferenceWorkspaceMode(inference);
            network.clearLayersStates();
        }
        return capture.epsilons;
    }

    /** Tells the lean convolutions (not those of models saved before them) whether to skip parameter gradients. */
    private static void setInputGradientOnly(ComputationGraph network, boolean inputGradientOnly) {
        for (Layer layer : network.getLayers()) {
            if (layer instanceof LeanConvolution3DLayer lean) {
                lean.setInputGradientOnly(inputGradientOnly);
            }
        }
    }

    private static final class Capture extends BaseTrainingListener {
        private final BiConsumer<ComputationGraph, Map<String, INDArray>> labels;
        private INDArray[] epsilons;

        Capture(BiConsumer<ComputationGraph, Map<String, INDArray>> labels) {
            this.labels = labels;
        }

        @Override
        public void onForwardPass(Model model, Map<String, INDArray> activations) {
            labels.accept((ComputationGraph) model, activations);
        }

        @Override
        public void onBackwardPass(Model model) {
            ComputationGraph graph = (ComputationGraph) model;
            List<String> inputs = graph.getConfiguration().getNetworkInputs();
            epsilons = new INDArray[inputs.size()];
            for (int i = 0; i < epsilons.length; i++) {
                epsilons[i] = graph.getVertex(inputs.get(i)).getEpsilon().dup();
            }
        }
    }
}

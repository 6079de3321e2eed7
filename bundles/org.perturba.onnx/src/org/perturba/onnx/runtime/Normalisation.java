package org.perturba.onnx.runtime;

import java.util.stream.IntStream;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** ONNX {@code BatchNormalization} (inference) and {@code InstanceNormalization}, per channel of [n, c, ...]. */
final class Normalisation {
    private Normalisation() {
    }

    /**
     * Inference-mode batch normalisation: with the running statistics it is a per-channel affine map,
     * {@code x * a + b}, and its input gradient is {@code a} times the output's.
     */
    static final class BatchNormalization implements Operator {
        private final double epsilon;

        BatchNormalization(Attributes attributes) throws UnsupportedModelException {
            this.epsilon = attributes.real("epsilon", 1e-5f);
            if (attributes.integer("training_mode", 0) != 0) {
                throw attributes.unsupported("training_mode 1: export the model in eval() mode");
            }
            if (attributes.integer("spatial", 1) != 1) {
                throw attributes.unsupported("spatial 0 (per-voxel statistics) is not supported");
            }
            if (attributes.node().outputs().stream().skip(1).anyMatch(output -> !output.isEmpty())) {
                throw attributes.unsupported("the running-statistics outputs of training mode are not supported");
            }
        }

        private INDArray scale(INDArray[] inputs) {
            INDArray variance = inputs[4].castTo(inputs[0].dataType());
            return inputs[1].castTo(inputs[0].dataType()).div(Transforms.sqrt(variance.add(epsilon), false));
        }

        @Override
        public INDArray[] forward(INDArray[] inputs) {
            INDArray x = inputs[0];
            INDArray a = scale(inputs);
            INDArray b = inputs[2].castTo(x.dataType()).sub(inputs[3].castTo(x.dataType()).mul(a));
            INDArray y = Tensors.binary("multiply", x, Tensors.perChannel(a, x.rank()));
            return new INDArray[] { y.addi(Tensors.broadcastTo(Tensors.perChannel(b, x.rank()), y.shape())) };
        }

        @Override
        public INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            requireOnlyInput(wanted);
            INDArray a = scale(inputs);
            return new INDArray[] { Tensors.binary("multiply", outputGradients[0], Tensors.perChannel(a, inputs[0].rank())), null, null, null, null };
        }
    }

    /** Instance normalisation: each example's channel standardised over its voxels, then scaled and shifted. */
    static final class InstanceNormalization implements Operator {
        private final double epsilon;

        InstanceNormalization(Attributes attributes) throws UnsupportedModelException {
            this.epsilon = attributes.real("epsilon", 1e-5f);
        }

        /** x standardised over its spatial axes, and the reciprocal of each (example, channel)'s deviation. */
        private INDArray[] standardised(INDArray x) {
            int[] axes = IntStream.range(2, x.rank()).toArray();
            INDArray centred = Tensors.binary("subtract", x, x.mean(true, axes));
            INDArray variance = centred.mul(centred).mean(true, axes);
            INDArray reciprocal = Transforms.pow(variance.addi(epsilon), -0.5, false);
            return new INDArray[] { Tensors.binary("multiply", centred, reciprocal), reciprocal };
        }

        @Override
        public INDArray[] forward(INDArray[] inputs) {
            INDArray x = inputs[0];
            INDArray normalised = standardised(x)[0];
            INDArray y = Tensors.binary("multiply", normalised, Tensors.perChannel(inputs[1].castTo(x.dataType()), x.rank()));
            return new INDArray[] { Tensors.binary("add", y, Tensors.perChannel(inputs[2].castTo(x.dataType()), x.rank())) };
        }

        @Override
        public INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            requireOnlyInput(wanted);
            INDArray x = inputs[0];
            int[] axes = IntStream.range(2, x.rank()).toArray();
            INDArray[] standardised = standardised(x);
            INDArray normalised = standardised[0];
            INDArray g = Tensors.binary("multiply", outputGradients[0], Tensors.perChannel(inputs[1].castTo(x.dataType()), x.rank()));
            // d/dx of (x - mean) / deviation, applied to g: (g - mean(g) - x^ mean(g x^)) / deviation
            INDArray projection = Tensors.binary("multiply", normalised, g.mul(normalised).mean(true, axes));
            INDArray centred = Tensors.binary("subtract", g, g.mean(true, axes)).subi(projection);
            return new INDArray[] { Tensors.binary("multiply", centred, standardised[1]), null, null };
        }
    }

    private static void requireOnlyInput(boolean[] wanted) {
        for (int i = 1; i < wanted.length; i++) {
            if (wanted[i]) {
                throw new UnsupportedOperationException("gradients with respect to its parameters are not supported");
            }
        }
    }
}

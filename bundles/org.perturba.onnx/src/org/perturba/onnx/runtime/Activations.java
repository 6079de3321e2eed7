package org.perturba.onnx.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Element-wise activations ({@code Relu}, {@code LeakyRelu}, {@code Elu}, {@code Sigmoid},
 * {@code Tanh}) and the normalised exponentials ({@code Softmax}, {@code LogSoftmax}).
 */
final class Activations {
    private Activations() {
    }

    /** An element-wise map whose derivative is a function of its input and output. */
    private abstract static class ElementWise implements Operator {
        @Override
        public final INDArray[] forward(INDArray[] inputs) {
            return new INDArray[] { Tensors.sameLayout(x -> apply(x[0]), inputs[0]) };
        }

        @Override
        public final INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            return new INDArray[] { Tensors.sameLayout(a -> derivative(a[0], a[1]).muli(a[2]), inputs[0], outputs[0], outputGradients[0]) };
        }

        abstract INDArray apply(INDArray x);

        /** The derivative at each element, a new array. */
        abstract INDArray derivative(INDArray x, INDArray y);
    }

    static final class Relu extends ElementWise {
        @Override
        INDArray apply(INDArray x) {
            return Nd4j.exec(new RectifiedLinear(x, x.ulike(), 0.0));
        }

        /** 1 where the input is positive, 0 elsewhere (at 0 too, as PyTorch), in one pass. */
        @Override
        INDArray derivative(INDArray x, INDArray y) {
            return Transforms.step(x, true);
        }
    }

    static final class LeakyRelu extends ElementWise {
        private final double alpha;

        LeakyRelu(Attributes attributes) throws UnsupportedModelException {
            this.alpha = attributes.real("alpha", 0.01f);
        }

        @Override
        INDArray apply(INDArray x) {
            INDArray positive = x.gt(0).castTo(x.dataType());
            return x.mul(positive.mul(1 - alpha).addi(alpha));
        }

        @Override
        INDArray derivative(INDArray x, INDArray y) {
            return x.gt(0).castTo(x.dataType()).muli(1 - alpha).addi(alpha);
        }
    }

    static final class Elu extends ElementWise {
        private final double alpha;

        Elu(Attributes attributes) throws UnsupportedModelException {
            this.alpha = attributes.real("alpha", 1f);
        }

        @Override
        INDArray apply(INDArray x) {
            INDArray positive = x.gt(0).castTo(x.dataType());
            INDArray negative = Transforms.exp(Transforms.min(x, 0.0, true), false).subi(1).muli(alpha);
            return x.mul(positive).addi(negative.muli(positive.rsub(1)));
        }

        @Override
        INDArray derivative(INDArray x, INDArray y) {
            INDArray positive = x.gt(0).castTo(x.dataType());
            // below zero y = alpha (e^x - 1), so dy/dx = y + alpha
            return positive.add(y.add(alpha).muli(positive.rsub(1)));
        }
    }

    static final class Sigmoid extends ElementWise {
        @Override
        INDArray apply(INDArray x) {
            return Transforms.sigmoid(x, true);
        }

        @Override
        INDArray derivative(INDArray x, INDArray y) {
            return y.mul(y.rsub(1));
        }
    }

    static final class Tanh extends ElementWise {
        @Override
        INDArray apply(INDArray x) {
            return Transforms.tanh(x, true);
        }

        @Override
        INDArray derivative(INDArray x, INDArray y) {
            return y.mul(y).rsubi(1);
        }
    }

    /**
     * {@code Softmax} and {@code LogSoftmax}: along one axis from opset 13, over the axis and all
     * after it (the input taken as a matrix) before.
     */
    static final class Softmax implements Operator {
        private final long axis;
        private final boolean flattened;
        private final boolean logarithm;

        Softmax(Attributes attributes, long opset, boolean logarithm) throws UnsupportedModelException {
            this.flattened = opset < 13;
            this.axis = attributes.integer("axis", flattened ? 1 : -1);
            this.logarithm = logarithm;
        }

        /** The input shaped so that the normalisation runs along axis 1 of a matrix or along {@code axis}. */
        private INDArray shaped(INDArray x) {
            if (!flattened) {
                return x;
            }
            int at = Tensors.axis(axis, x.rank());
            long rows = 1;
            for (int i = 0; i < at; i++) {
                rows *= x.size(i);
            }
            return x.reshape('c', rows, x.length() / rows);
        }

        private int along(INDArray shaped) {
            return flattened ? 1 : Tensors.axis(axis, shaped.rank());
        }

        @Override
        public INDArray[] forward(INDArray[] inputs) {
            INDArray x = shaped(inputs[0]);
            int dimension = along(x);
            INDArray shifted = Tensors.binary("subtract", x, x.max(true, dimension));
            INDArray exp = Transforms.exp(shifted, true);
            INDArray sum = exp.sum(true, dimension);
            INDArray y = logarithm ? Tensors.binary("subtract", shifted, Transforms.log(sum, false)) : Tensors.binary("divide", exp, sum);
            return new INDArray[] { y.reshape(inputs[0].shape()) };
        }

        @Override
        public INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            INDArray y = shaped(outputs[0]);
            INDArray g = shaped(outputGradients[0]);
            int dimension = along(y);
            INDArray gradient;
            if (logarithm) {
                // d log softmax: g - softmax * sum(g)
                gradient = g.sub(Tensors.binary("multiply", Transforms.exp(y, true), g.sum(true, dimension)));
            } else {
                // d softmax: y * (g - sum(g * y))
                gradient = y.mul(Tensors.binary("subtract", g, g.mul(y).sum(true, dimension)));
            }
            return new INDArray[] { gradient.reshape(inputs[0].shape()) };
        }
    }
}

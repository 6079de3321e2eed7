package org.perturba.onnx.runtime;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.IntStream;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Arithmetic with NumPy broadcasting ({@code Add}, {@code Sub}, {@code Mul}, {@code Div}), matrix
 * products ({@code Gemm}, {@code MatMul}) and reductions ({@code ReduceSum}, {@code ReduceMean}).
 */
final class Arithmetic {
    private Arithmetic() {
    }

    /** The four element-wise binary operators. */
    static final class Binary implements Operator {
        private final String op;

        Binary(String op) {
            this.op = op;
        }

        @Override
        public INDArray[] forward(INDArray[] inputs) {
            return new INDArray[] { Tensors.binary(op, inputs[0], inputs[1]) };
        }

        @Override
        public INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            INDArray g = outputGradients[0];
            INDArray a = inputs[0], b = inputs[1].castTo(a.dataType());
            INDArray ga = null, gb = null;
            switch (op) {
                case "add" -> {
                    ga = wanted[0] ? g : null;
                    gb = wanted[1] ? g : null;
                }
                case "subtract" -> {
                    ga = wanted[0] ? g : null;
                    gb = wanted[1] ? g.neg() : null;
                }
                case "multiply" -> {
                    ga = wanted[0] ? Tensors.binary("multiply", g, b) : null;
                    gb = wanted[1] ? Tensors.binary("multiply", g, a) : null;
                }
                default -> {
                    ga = wanted[0] ? Tensors.binary("divide", g, b) : null;
                    // d(a / b)/db = -a / b^2 = -(a / b) / b
                    gb = wanted[1] ? Tensors.binary("divide", Tensors.binary("multiply", g, outputs[0]), b).negi() : null;
                }
            }
            return new INDArray[] { ga == null ? null : Tensors.unbroadcast(ga, a.shape()),
                    gb == null ? null : Tensors.unbroadcast(gb, inputs[1].shape()) };
        }
    }

    /** {@code Gemm}: {@code alpha * A' B' + beta * C}, A' and B' optionally transposed. */
    static final class Gemm implements Operator {
        private final double alpha;
        private final double beta;
        private final boolean transposeA;
        private final boolean transposeB;

        Gemm(Attributes attributes) throws UnsupportedModelException {
            this.alpha = attributes.real("alpha", 1f);
            this.beta = attributes.real("beta", 1f);
            this.transposeA = attributes.integer("transA", 0) != 0;
            this.transposeB = attributes.integer("transB", 0) != 0;
        }

        private INDArray a(INDArray[] inputs) {
            return transposeA ? inputs[0].transpose() : inputs[0];
        }

        private INDArray b(INDArray[] inputs) {
            INDArray b = inputs[1].castTo(inputs[0].dataType());
            return transposeB ? b.transpose() : b;
        }

        @Override
        public INDArray[] forward(INDArray[] inputs) {
            INDArray product = a(inputs).mmul(b(inputs)).muli(alpha);
            if (inputs.length > 2 && inputs[2] != null) {
                product = Tensors.binary("add", product, inputs[2].castTo(product.dataType()).mul(beta));
            }
            return new INDArray[] { product };
        }

        @Override
        public INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            INDArray g = outputGradients[0];
            INDArray[] gradients = new INDArray[inputs.length];
            if (wanted[0]) {
                INDArray ga = g.mmul(b(inputs).transpose()).muli(alpha);
                gradients[0] = transposeA ? ga.transpose().dup('c') : ga;
            }
            if (wanted[1]) {
                INDArray gb = a(inputs).transpose().mmul(g).muli(alpha);
                gradients[1] = transposeB ? gb.transpose().dup('c') : gb;
            }
            if (inputs.length > 2 && wanted[2]) {
                gradients[2] = Tensors.unbroadcast(g.mul(beta), inputs[2].shape());
            }
            return gradients;
        }
    }

    /**
     * {@code MatMul} as NumPy's: vectors are promoted (and the added axis dropped again), and the
     * leading axes of a higher-rank left operand batch over a matrix on the right.
     */
    static final class MatMul implements Operator {
        @Override
        public INDArray[] forward(INDArray[] inputs) {
            INDArray a = inputs[0], b = inputs[1].castTo(inputs[0].dataType());
            return new INDArray[] { product(a, b) };
        }

        private INDArray product(INDArray a, INDArray b) {
            if (b.rank() > 2) {
                throw new UnsupportedOperationException("a right operand of rank " + b.rank() + " is not supported");
            }
            INDArray right = b.rank() == 1 ? b.reshape(b.length(), 1) : b;
            INDArray left = a.rank() == 1 ? a.reshape(1, a.length()) : a;
            long[] leading = Arrays.copyOf(left.shape(), left.rank() - 1);
            INDArray rows = left.dup('c').reshape('c', left.length() / left.size(left.rank() - 1), left.size(left.rank() - 1));
            INDArray result = rows.mmul(right);
            long[] shape = Arrays.copyOf(leading, leading.length + 1);
            shape[leading.length] = right.size(1);
            INDArray shaped = result.reshape('c', shape);
            if (a.rank() == 1) {
                shaped = shaped.reshape('c', Arrays.copyOfRange(shape, 1, shape.length));
            }
            if (b.rank() == 1) {
                long[] current = shaped.shape();
                shaped = shaped.reshape('c', Arrays.copyOf(current, current.length - 1));
            }
            return shaped;
        }

        @Override
        public INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            INDArray a = inputs[0], b = inputs[1].castTo(inputs[0].dataType());
            INDArray right = b.rank() == 1 ? b.reshape(b.length(), 1) : b;
            long inner = right.size(0), columns = right.size(1);
            INDArray g = outputGradients[0].dup('c').reshape('c', outputGradients[0].length() / columns, columns);
            INDArray rows = a.dup('c').reshape('c', a.length() / inner, inner);
            INDArray ga = wanted[0] ? g.mmul(right.transpose()).reshape('c', a.shape()) : null;
            INDArray gb = wanted[1] ? rows.transpose().mmul(g).reshape('c', b.shape()) : null;
            return new INDArray[] { ga, gb };
        }
    }

    /** {@code ReduceSum} and {@code ReduceMean}; axes as an attribute or (ReduceSum from opset 13, ReduceMean from 18) an input. */
    static final class Reduce implements Operator {
        private final boolean mean;
        private final boolean keepDimensions;
        private final boolean noopWithoutAxes;
        private final Optional<long[]> attributeAxes;

        Reduce(Attributes attributes, boolean mean) throws UnsupportedModelException {
            this.mean = mean;
            this.keepDimensions = attributes.integer("keepdims", 1) != 0;
            this.noopWithoutAxes = attributes.integer("noop_with_empty_axes", 0) != 0;
            this.attributeAxes = attributes.integers("axes");
        }

        private int[] axes(INDArray[] inputs) {
            long[] axes = inputs.length > 1 && inputs[1] != null ? Tensors.longs(inputs[1]) : attributeAxes.orElse(new long[0]);
            int rank = inputs[0].rank();
            if (axes.length == 0) {
                return noopWithoutAxes ? new int[0] : IntStream.range(0, rank).toArray();
            }
            return Arrays.stream(axes).mapToInt(axis -> Tensors.axis(axis, rank)).distinct().sorted().toArray();
        }

        private long count(INDArray input, int[] axes) {
            long count = 1;
            for (int axis : axes) {
                count *= input.size(axis);
            }
            return count;
        }

        @Override
        public INDArray[] forward(INDArray[] inputs) {
            INDArray x = inputs[0];
            int[] axes = axes(inputs);
            if (axes.length == 0) {
                return new INDArray[] { x };
            }
            INDArray reduced = mean ? x.mean(true, axes) : x.sum(true, axes);
            return new INDArray[] { keepDimensions ? reduced : reduced.reshape(dropped(x.shape(), axes)) };
        }

        @Override
        public INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            INDArray x = inputs[0];
            int[] axes = axes(inputs);
            if (axes.length == 0) {
                return new INDArray[] { outputGradients[0], null };
            }
            long[] kept = x.shape().clone();
            for (int axis : axes) {
                kept[axis] = 1;
            }
            INDArray g = outputGradients[0].reshape(kept);
            if (mean) {
                g = g.div(count(x, axes));
            }
            return new INDArray[] { Tensors.broadcastTo(g, x.shape()).dup(), null };
        }

        private static long[] dropped(long[] shape, int[] axes) {
            return IntStream.range(0, shape.length).filter(i -> Arrays.binarySearch(axes, i) < 0).mapToLong(i -> shape[i]).toArray();
        }
    }
}

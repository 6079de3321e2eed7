package org.perturba.onnx.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.perturba.onnx.model.ElementType;
import org.perturba.onnx.model.OnnxTensor;

/**
 * Operators that move values without computing new ones ({@code Flatten}, {@code Reshape}, {@code Pad},
 * {@code Squeeze}, {@code Unsqueeze}, {@code Transpose}, {@code Concat}, {@code Identity},
 * {@code Dropout} in inference), constants, and the integer shape arithmetic PyTorch's exporter
 * writes around them ({@code Shape}, {@code Gather}, {@code Cast}).
 */
final class ShapeOperators {
    private ShapeOperators() {
    }

    /** An operator whose output is its first input reshaped: the gradient is reshaped back. */
    private abstract static class Reshaping implements Operator {
        @Override
        public final INDArray[] forward(INDArray[] inputs) {
            return new INDArray[] { inputs[0].dup('c').reshape('c', shape(inputs)) };
        }

        @Override
        public final INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            INDArray[] gradients = new INDArray[inputs.length];
            gradients[0] = outputGradients[0].dup('c').reshape('c', inputs[0].shape());
            return gradients;
        }

        abstract long[] shape(INDArray[] inputs);
    }

    static final class Flatten extends Reshaping {
        private final long axis;

        Flatten(Attributes attributes) throws UnsupportedModelException {
            this.axis = attributes.integer("axis", 1);
        }

        @Override
        long[] shape(INDArray[] inputs) {
            INDArray x = inputs[0];
            int at = axis == x.rank() ? x.rank() : Tensors.axis(axis, x.rank());
            long rows = 1;
            for (int i = 0; i < at; i++) {
                rows *= x.size(i);
            }
            return new long[] { rows, rows == 0 ? 0 : x.length() / rows };
        }
    }

    static final class Reshape extends Reshaping {
        private final boolean allowZero;

        Reshape(Attributes attributes) throws UnsupportedModelException {
            this.allowZero = attributes.integer("allowzero", 0) != 0;
        }

        @Override
        long[] shape(INDArray[] inputs) {
            long[] requested = Tensors.longs(inputs[1]);
            long[] shape = requested.clone();
            int inferred = -1;
            long known = 1;
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] == 0 && !allowZero) {
                    shape[i] = inputs[0].size(i);
                }
                if (shape[i] == -1) {
                    if (inferred >= 0) {
                        throw new IllegalArgumentException("more than one -1 in " + Arrays.toString(requested));
                    }
                    inferred = i;
                } else {
                    known *= shape[i];
                }
            }
            if (inferred >= 0) {
                shape[inferred] = known == 0 ? 0 : inputs[0].length() / known;
            }
            return shape;
        }
    }

    /** {@code Squeeze} and {@code Unsqueeze}: axes as an attribute before opset 13, as an input from it. */
    static final class Squeeze extends Reshaping {
        private final Optional<long[]> attributeAxes;
        private final boolean unsqueeze;

        Squeeze(Attributes attributes, boolean unsqueeze) throws UnsupportedModelException {
            this.attributeAxes = attributes.integers("axes");
            this.unsqueeze = unsqueeze;
        }

        @Override
        long[] shape(INDArray[] inputs) {
            long[] axes = inputs.length > 1 && inputs[1] != null ? Tensors.longs(inputs[1]) : attributeAxes.orElse(null);
            long[] shape = inputs[0].shape();
            if (unsqueeze) {
                int rank = shape.length + axes.length;
                boolean[] inserted = new boolean[rank];
                for (long axis : axes) {
                    inserted[Tensors.axis(axis, rank)] = true;
                }
                long[] result = new long[rank];
                for (int i = 0, from = 0; i < rank; i++) {
                    result[i] = inserted[i] ? 1 : shape[from++];
                }
                return result;
            }
            List<Long> kept = new ArrayList<>();
            boolean[] removed = new boolean[shape.length];
            if (axes == null) {
                for (int i = 0; i < shape.length; i++) {
                    removed[i] = shape[i] == 1;
                }
            } else {
                for (long axis : axes) {
                    removed[Tensors.axis(axis, shape.length)] = true;
                }
            }
            for (int i = 0; i < shape.length; i++) {
                if (!removed[i]) {
                    kept.add(shape[i]);
                }
            }
            return kept.stream().mapToLong(Long::longValue).toArray();
        }
    }

    static final class Transpose implements Operator {
        private final Optional<long[]> permutation;

        Transpose(Attributes attributes) throws UnsupportedModelException {
            this.permutation = attributes.integers("perm");
        }

        private int[] permutation(int rank) {
            return permutation.map(values -> Arrays.stream(values).mapToInt(Math::toIntExact).toArray())
                    .orElseGet(() -> java.util.stream.IntStream.range(0, rank).map(i -> rank - 1 - i).toArray());
        }

        @Override
        public INDArray[] forward(INDArray[] inputs) {
            return new INDArray[] { inputs[0].permute(permutation(inputs[0].rank())).dup('c') };
        }

        @Override
        public INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            int[] forward = permutation(inputs[0].rank());
            int[] inverse = new int[forward.length];
            for (int i = 0; i < forward.length; i++) {
                inverse[forward[i]] = i;
            }
            return new INDArray[] { outputGradients[0].permute(inverse).dup('c') };
        }
    }

    static final class Concat implements Operator {
        private final long axis;

        Concat(Attributes attributes) throws UnsupportedModelException {
            this.axis = attributes.integer("axis", Long.MIN_VALUE);
            if (axis == Long.MIN_VALUE) {
                throw attributes.unsupported("no axis");
            }
        }

        @Override
        public INDArray[] forward(INDArray[] inputs) {
            INDArray[] present = Arrays.stream(inputs).filter(input -> input != null && input.length() > 0).toArray(INDArray[]::new);
            if (present.length == 1) {
                return new INDArray[] { present[0].dup() };
            }
            DataType type = present[0].dataType();
            for (int i = 0; i < present.length; i++) {
                present[i] = present[i].castTo(type);
            }
            return new INDArray[] { Nd4j.concat(Tensors.axis(axis, present[0].rank()), present) };
        }

        @Override
        public INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            INDArray gradient = outputGradients[0];
            int at = Tensors.axis(axis, gradient.rank());
            INDArray[] gradients = new INDArray[inputs.length];
            long offset = 0;
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i] == null || inputs[i].length() == 0) {
                    continue;
                }
                long size = inputs[i].size(at);
                if (wanted[i]) {
                    INDArrayIndex[] index = new INDArrayIndex[gradient.rank()];
                    Arrays.fill(index, NDArrayIndex.all());
                    index[at] = NDArrayIndex.interval(offset, offset + size);
                    gradients[i] = gradient.get(index).dup('c');
                }
                offset += size;
            }
            return gradients;
        }
    }

    /** {@code Pad} in constant mode (pads as an attribute before opset 11, as an input from it; negative pads crop). */
    static final class Pad implements Operator {
        private final Optional<long[]> attributePads;
        private final double attributeValue;

        Pad(Attributes attributes, long opset) throws UnsupportedModelException {
            String mode = attributes.string("mode", "constant");
            if (!mode.equals("constant")) {
                throw attributes.unsupported("mode '" + mode + "' is not supported (only constant padding is)");
            }
            this.attributePads = opset < 11 ? attributes.integers("pads").or(() -> integersOrEmpty(attributes, "paddings")) : Optional.empty();
            this.attributeValue = attributes.real("value", 0f);
            if (attributes.node().inputs().size() > 3) {
                throw attributes.unsupported("the axes input is not supported");
            }
        }

        private static Optional<long[]> integersOrEmpty(Attributes attributes, String name) {
            try {
                return attributes.integers(name);
            } catch (UnsupportedModelException e) {
                return Optional.empty();
            }
        }

        private long[] pads(INDArray[] inputs) {
            long[] pads = inputs.length > 1 && inputs[1] != null ? Tensors.longs(inputs[1]) : attributePads.orElse(null);
            int rank = inputs[0].rank();
            if (pads == null || pads.length != 2 * rank) {
                throw new IllegalArgumentException((pads == null ? "no" : pads.length) + " pads for a rank-" + rank + " tensor");
            }
            return pads;
        }

        @Override
        public INDArray[] forward(INDArray[] inputs) {
            INDArray x = inputs[0];
            long[] pads = pads(inputs);
            int rank = x.rank();
            double value = inputs.length > 2 && inputs[2] != null ? inputs[2].getDouble(0) : attributeValue;
            long[] begin = Arrays.copyOf(pads, rank);
            long[] sides = new long[rank];
            for (int i = 0; i < rank; i++) {
                sides[i] = x.size(i) + pads[i] + pads[i + rank];
            }
            return new INDArray[] { Tensors.place(x, begin, sides, 0, value) };
        }

        @Override
        public INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            long[] pads = pads(inputs);
            int rank = inputs[0].rank();
            long[] back = new long[rank];
            for (int i = 0; i < rank; i++) {
                back[i] = -pads[i];
            }
            INDArray[] gradients = new INDArray[inputs.length];
            gradients[0] = Tensors.place(outputGradients[0], back, inputs[0].shape(), 0, 0);
            return gradients;
        }
    }

    /** {@code Identity}, and {@code Dropout} in inference: the input unchanged (Dropout's mask output is refused). */
    static final class Identity implements Operator {
        Identity(Attributes attributes) throws UnsupportedModelException {
            if (attributes.node().outputs().size() > 1 && !attributes.node().outputs().get(1).isEmpty()) {
                throw attributes.unsupported("the mask output is not supported");
            }
        }

        @Override
        public INDArray[] forward(INDArray[] inputs) {
            return new INDArray[] { inputs[0] };
        }

        @Override
        public INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            INDArray[] gradients = new INDArray[inputs.length];
            gradients[0] = outputGradients[0];
            return gradients;
        }
    }

    /** {@code Constant}: its value attribute in any of ONNX's forms. */
    static final class Constant implements Operator {
        private final INDArray value;

        Constant(Attributes attributes) throws UnsupportedModelException {
            Optional<OnnxTensor> tensor = attributes.tensor("value");
            if (tensor.isPresent()) {
                value = Tensors.of(tensor.get());
            } else if (attributes.has("value_float")) {
                value = Nd4j.scalar(attributes.real("value_float", 0));
            } else if (attributes.has("value_int")) {
                value = Nd4j.scalar(attributes.integer("value_int", 0));
            } else if (attributes.has("value_floats")) {
                value = Nd4j.createFromArray(attributes.reals("value_floats").orElseThrow());
            } else if (attributes.has("value_ints")) {
                value = Nd4j.createFromArray(attributes.integers("value_ints").orElseThrow());
            } else {
                throw attributes.unsupported("no value (sparse and string constants are not supported)");
            }
        }

        @Override
        public INDArray[] forward(INDArray[] inputs) {
            return new INDArray[] { value };
        }

        @Override
        public INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            return new INDArray[0];
        }
    }

    /** {@code Shape}: the input's dimensions as int64 ({@code start} and {@code end} from opset 15). */
    static final class Shape implements Operator {
        private final long start;
        private final long end;

        Shape(Attributes attributes) throws UnsupportedModelException {
            this.start = attributes.integer("start", 0);
            this.end = attributes.integer("end", Long.MAX_VALUE);
        }

        @Override
        public INDArray[] forward(INDArray[] inputs) {
            long[] shape = inputs[0].shape();
            int rank = shape.length;
            int from = (int) Math.max(0, Math.min(rank, start < 0 ? start + rank : start));
            int to = (int) Math.max(0, Math.min(rank, end < 0 ? end + rank : end));
            return new INDArray[] { Nd4j.createFromArray(Arrays.copyOfRange(shape, from, Math.max(from, to))) };
        }

        @Override
        public INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            // a shape does not depend on the values
            return new INDArray[] { null };
        }
    }

    /** {@code Gather} along an axis; its gradient is not implemented (exports use it on shapes). */
    static final class Gather implements Operator {
        private final long axis;

        Gather(Attributes attributes) throws UnsupportedModelException {
            this.axis = attributes.integer("axis", 0);
        }

        @Override
        public INDArray[] forward(INDArray[] inputs) {
            INDArray data = inputs[0];
            int at = Tensors.axis(axis, data.rank());
            INDArray indices = inputs[1];
            long[] positions = Tensors.longs(indices);
            INDArray[] slices = new INDArray[positions.length];
            for (int i = 0; i < positions.length; i++) {
                long position = positions[i] < 0 ? positions[i] + data.size(at) : positions[i];
                INDArrayIndex[] index = new INDArrayIndex[data.rank()];
                Arrays.fill(index, NDArrayIndex.all());
                index[at] = NDArrayIndex.interval(position, position + 1);
                slices[i] = data.get(index).dup('c');
            }
            INDArray gathered = slices.length == 1 ? slices[0] : Nd4j.concat(at, slices);
            long[] shape = new long[data.rank() - 1 + indices.rank()];
            long[] dataShape = data.shape();
            System.arraycopy(dataShape, 0, shape, 0, at);
            System.arraycopy(indices.shape(), 0, shape, at, indices.rank());
            System.arraycopy(dataShape, at + 1, shape, at + indices.rank(), data.rank() - at - 1);
            return new INDArray[] { gathered.reshape('c', shape) };
        }

        @Override
        public INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            if (wanted[0]) {
                throw new UnsupportedOperationException("gradients through Gather are not supported");
            }
            return new INDArray[] { null, null };
        }
    }

    /** {@code Cast} between the float and integer types the runtime keeps (float32 and int64). */
    static final class Cast implements Operator {
        private final boolean toFloat;

        Cast(Attributes attributes) throws UnsupportedModelException {
            int to = (int) attributes.integer("to", 0);
            ElementType type = ElementType.of(to).orElseThrow(() -> attributes.unsupported("a cast to " + ElementType.describe(to)));
            this.toFloat = type.isFloatingPoint();
        }

        @Override
        public INDArray[] forward(INDArray[] inputs) {
            return new INDArray[] { inputs[0].castTo(toFloat ? DataType.FLOAT : DataType.LONG) };
        }

        @Override
        public INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            boolean fromFloat = inputs[0].dataType().isFPType();
            return new INDArray[] { toFloat && fromFloat ? outputGradients[0] : null };
        }
    }
}

package org.perturba.onnx.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.perturba.onnx.model.ElementType;
import org.perturba.onnx.model.OnnxTensor;

/** Array operations the operators share: libnd4j's ops by name, NumPy broadcasting, padding and cropping. */
final class Tensors {
    private Tensors() {
    }

    /** Runs a libnd4j op, its outputs allocated by the op's own shape function. */
    static INDArray[] exec(String op, INDArray[] inputs, long... integerArguments) {
        int[] arguments = new int[integerArguments.length];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = Math.toIntExact(integerArguments[i]);
        }
        return Nd4j.exec(DynamicCustomOp.builder(op).addInputs(inputs).addIntegerArguments(arguments).build());
    }

    /** {@code ceil(a / b)} for a >= 0 and b > 0 (Math.ceilDiv is Java 18). */
    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    static INDArray exec1(String op, INDArray[] inputs, long... integerArguments) {
        return exec(op, inputs, integerArguments)[0];
    }

    /** NumPy broadcasting of two shapes (ONNX's multidirectional broadcasting). */
    static long[] broadcastShape(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] shape = new long[rank];
        for (int i = 0; i < rank; i++) {
            long x = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long y = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (x != y && x != 1 && y != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            }
            shape[i] = x == 1 ? y : x;
        }
        return shape;
    }

    /** {@code array} as {@code shape} by NumPy broadcasting (a view where ND4J can, else a copy). */
    static INDArray broadcastTo(INDArray array, long[] shape) {
        if (Arrays.equals(array.shape(), shape)) {
            return array;
        }
        INDArray lifted = array.rank() == shape.length ? array : array.reshape(padLeft(array.shape(), shape.length));
        return lifted.broadcast(shape);
    }

    /** An element-wise binary op ({@code add}, {@code subtract}, {@code multiply}, {@code divide}) with broadcasting. */
    static INDArray binary(String op, INDArray a, INDArray b) {
        long[] shape = broadcastShape(a.shape(), b.shape());
        DataType type = a.dataType();
        INDArray x = broadcastTo(a, shape);
        INDArray y = broadcastTo(b.castTo(type), shape);
        return switch (op) {
            case "add" -> x.add(y);
            case "subtract" -> x.sub(y);
            case "multiply" -> x.mul(y);
            case "divide" -> x.div(y);
            default -> throw new IllegalArgumentException(op);
        };
    }

    /** The gradient of a broadcast operand: {@code gradient} summed over the axes it was broadcast along. */
    static INDArray unbroadcast(INDArray gradient, long[] shape) {
        if (Arrays.equals(gradient.shape(), shape)) {
            return gradient;
        }
        long[] lifted = padLeft(shape, gradient.rank());
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < lifted.length; i++) {
            if (lifted[i] == 1 && gradient.size(i) != 1) {
                axes.add(i);
            }
        }
        INDArray summed = axes.isEmpty() ? gradient : gradient.sum(true, axes.stream().mapToInt(Integer::intValue).toArray());
        return summed.reshape(shape);
    }

    static long[] padLeft(long[] shape, int rank) {
        long[] lifted = new long[rank];
        Arrays.fill(lifted, 1);
        System.arraycopy(shape, 0, lifted, rank - shape.length, shape.length);
        return lifted;
    }

    /** libnd4j's integer argument for the channels-last data format of its convolutions and pooling. */
    static final int CHANNELS_LAST = 1;

    /**
     * {@code [n, c, spatial...]} as a contiguous {@code [n, spatial..., c]}: the layout in which
     * libnd4j's convolutions and pooling run fastest (up to ten times faster at 8x8x48³ than on
     * channels-first arrays, which oneDNN reorders inside each call). A view where the array is
     * stored channels-last already (see {@link #channelsFirst}), else a copy.
     */
    static INDArray channelsLast(INDArray array) {
        INDArray permuted = array.permute(toChannelsLast(array.rank()));
        return isContiguous(permuted) ? permuted : permuted.dup('c');
    }

    /**
     * The contiguous {@code [n, spatial..., c]} storage of an {@code [n, c, spatial...]} array stored
     * channels-last, or {@code null} for any other array (one channel or one voxel included: those
     * need no layout).
     */
    static INDArray channelsLastStorage(INDArray array) {
        if (array.rank() < 3 || isContiguous(array)) {
            return null;
        }
        INDArray stored = array.permute(toChannelsLast(array.rank()));
        return isContiguous(stored) ? stored : null;
    }

    /**
     * A contiguous {@code [n, spatial..., c]} as {@code [n, c, spatial...]}: a view, so that the next
     * convolution or pooling finds it channels-last without a copy. Other operators see an array like
     * any other; the element-wise ones keep its layout ({@link #sameLayout}).
     */
    static INDArray channelsFirst(INDArray array) {
        int rank = array.rank();
        int[] order = new int[rank];
        order[1] = rank - 1;
        for (int axis = 2; axis < rank; axis++) {
            order[axis] = axis - 1;
        }
        return array.permute(order);
    }

    /**
     * {@code operation} applied to arrays of one shape: on their channels-last storage where they all
     * have it (a contiguous pass that keeps the layout), else as they are.
     */
    static INDArray sameLayout(java.util.function.Function<INDArray[], INDArray> operation, INDArray... arrays) {
        INDArray[] stored = new INDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            stored[i] = channelsLastStorage(arrays[i]);
            if (stored[i] == null) {
                return operation.apply(arrays);
            }
        }
        return channelsFirst(operation.apply(stored));
    }

    private static int[] toChannelsLast(int rank) {
        int[] order = new int[rank];
        for (int axis = 1; axis < rank - 1; axis++) {
            order[axis] = axis + 1;
        }
        order[rank - 1] = 1;
        return order;
    }

    /** Whether the array's elements lie at its offset in row-major order, without gaps. */
    private static boolean isContiguous(INDArray array) {
        long expected = 1;
        for (int axis = array.rank() - 1; axis >= 0; axis--) {
            if (array.size(axis) != 1 && array.stride(axis) != expected) {
                return false;
            }
            expected *= array.size(axis);
        }
        return true;
    }

    /** A per-channel vector shaped to broadcast over {@code [n, c, ...]} of the given rank. */
    static INDArray perChannel(INDArray vector, int rank) {
        long[] shape = new long[rank];
        Arrays.fill(shape, 1);
        shape[1] = vector.length();
        return vector.reshape(shape);
    }

    /**
     * The spatial axes (2 and on) of {@code input} padded by {@code begin} and {@code end} voxels with
     * {@code value}.
     */
    static INDArray pad(INDArray input, long[] begin, long[] end, double value) {
        if (isZero(begin) && isZero(end)) {
            return input;
        }
        long[] sides = new long[begin.length];
        for (int i = 0; i < sides.length; i++) {
            sides[i] = input.size(i + 2) + begin[i] + end[i];
        }
        return place(input, begin, sides, 2, value);
    }

    /** The spatial region of {@code array} starting at {@code begin} with {@code sides} (a view). */
    static INDArray crop(INDArray array, long[] begin, long[] sides) {
        if (isZero(begin) && Arrays.equals(sides, Arrays.copyOfRange(array.shape(), 2, array.rank()))) {
            return array;
        }
        long[] shape = array.shape().clone();
        for (int i = 0; i < sides.length; i++) {
            shape[i + 2] = sides[i];
        }
        return array.get(spatial(begin, shape));
    }

    /** {@link #place(INDArray, long[], long[], int, double)} on the spatial axes, in zeros: the inverse of cropping, for gradients. */
    static INDArray place(INDArray array, long[] begin, long[] sides) {
        return place(array, begin, sides, 2, 0);
    }

    /**
     * {@code array} placed at {@code begin} in a new array filled with {@code fill}, whose axes from
     * {@code firstAxis} on have {@code sides} (the others are {@code array}'s). Offsets may be negative
     * and the array may stick out: what falls outside is cut.
     */
    static INDArray place(INDArray array, long[] begin, long[] sides, int firstAxis, double fill) {
        long[] shape = array.shape().clone();
        for (int i = 0; i < sides.length; i++) {
            shape[i + firstAxis] = sides[i];
        }
        INDArray target = Nd4j.valueArrayOf(shape, fill, array.dataType());
        INDArrayIndex[] to = new INDArrayIndex[shape.length];
        INDArrayIndex[] from = new INDArrayIndex[shape.length];
        for (int axis = 0; axis < firstAxis; axis++) {
            to[axis] = from[axis] = NDArrayIndex.all();
        }
        for (int i = 0; i < sides.length; i++) {
            long start = Math.max(0, begin[i]);
            long stop = Math.min(sides[i], begin[i] + array.size(i + firstAxis));
            if (stop <= start) {
                return target;
            }
            to[i + firstAxis] = NDArrayIndex.interval(start, stop);
            from[i + firstAxis] = NDArrayIndex.interval(start - begin[i], stop - begin[i]);
        }
        target.get(to).assign(array.get(from));
        return target;
    }

    private static INDArrayIndex[] spatial(long[] begin, long[] shape) {
        INDArrayIndex[] index = new INDArrayIndex[shape.length];
        index[0] = NDArrayIndex.all();
        index[1] = NDArrayIndex.all();
        for (int i = 0; i < begin.length; i++) {
            index[i + 2] = NDArrayIndex.interval(begin[i], begin[i] + shape[i + 2]);
        }
        return index;
    }

    static boolean isZero(long[] values) {
        return Arrays.stream(values).allMatch(value -> value == 0);
    }

    /** The axis {@code axis} (negative counts from the end) as an index into a shape of that rank. */
    static int axis(long axis, int rank) {
        long resolved = axis < 0 ? axis + rank : axis;
        if (resolved < 0 || resolved >= Math.max(rank, 1)) {
            throw new IllegalArgumentException("axis " + axis + " of a rank-" + rank + " tensor");
        }
        return (int) resolved;
    }

    /**
     * A constant of the model as an array: floating-point tensors in float32 (the runtime's
     * precision), integer and boolean tensors as int64.
     */
    static INDArray of(OnnxTensor tensor) {
        long[] dims = tensor.dims();
        if (dims.length == 0) {
            return tensor.type().isFloatingPoint() ? Nd4j.scalar((float) tensor.doubles()[0]) : Nd4j.scalar(tensor.longs()[0]);
        }
        if (tensor.type() == ElementType.FLOAT) {
            return Nd4j.create(tensor.floats(), dims, 'c');
        }
        if (tensor.type().isFloatingPoint()) {
            return Nd4j.create(tensor.doubles(), dims, DataType.DOUBLE).castTo(DataType.FLOAT);
        }
        return Nd4j.createFromArray(tensor.longs()).reshape('c', dims);
    }

    /** The values of an integer tensor (shapes, axes). */
    static long[] longs(INDArray array) {
        return array.castTo(DataType.LONG).dup('c').reshape(array.length()).toLongVector();
    }
}

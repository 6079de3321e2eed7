package org.perturba.onnx.runtime;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ONNX {@code MaxPool}, {@code AveragePool} and {@code GlobalAveragePool} over 2D and 3D inputs, on
 * libnd4j's pooling and its backward ops, run on channels-last copies ({@link Tensors#channelsLast}:
 * ten times faster). Padding is explicit wherever that keeps ONNX's meaning (lowest float for max
 * pooling, zeros for an average that counts padding).
 */
final class Pooling {
    /** What max pooling pads with: below any activation, and finite so the backward op's comparisons stay exact. */
    private static final double LOWEST = -Float.MAX_VALUE;

    private Pooling() {
    }

    /** The attributes of a windowed pooling node. */
    private record Window(long[] kernel, long[] strides, long[] dilations, long[] pads, String autoPad, boolean ceil) {

        static Window of(Attributes attributes) throws UnsupportedModelException {
            long[] kernel = attributes.integers("kernel_shape")
                    .orElseThrow(() -> attributes.unsupported("no kernel_shape"));
            int spatial = kernel.length;
            if (spatial != 2 && spatial != 3) {
                throw attributes.unsupported("only 2D and 3D pooling is supported, this one is " + spatial + "D");
            }
            String autoPad = attributes.string("auto_pad", "NOTSET");
            if (!Arrays.asList("NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER").contains(autoPad)) {
                throw attributes.unsupported("auto_pad '" + autoPad + "'");
            }
            long[] dilations = attributes.integers("dilations", spatial, 1);
            if (attributes.integer("storage_order", 0) != 0) {
                throw attributes.unsupported("storage_order 1 (column-major indices) is not supported");
            }
            return new Window(kernel, attributes.integers("strides", spatial, 1), dilations,
                    attributes.integers("pads", 2 * spatial, 0), autoPad, attributes.integer("ceil_mode", 0) != 0);
        }

        /** Padding at the start and end of each spatial axis, ceil mode's extra windows included. */
        long[][] padding(INDArray input) {
            int spatial = kernel.length;
            if (input.rank() != spatial + 2) {
                throw new IllegalArgumentException("a rank-" + input.rank() + " input for a " + spatial + "D window");
            }
            long[] begin = new long[spatial], end = new long[spatial];
            for (int i = 0; i < spatial; i++) {
                long side = input.size(i + 2);
                long extent = (kernel[i] - 1) * dilations[i] + 1;
                switch (autoPad) {
                    case "VALID" -> {
                    }
                    case "SAME_UPPER", "SAME_LOWER" -> {
                        long out = Tensors.ceilDiv(side, strides[i]);
                        long total = Math.max(0, (out - 1) * strides[i] + extent - side);
                        begin[i] = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                        end[i] = total - begin[i];
                    }
                    default -> {
                        begin[i] = pads[i];
                        end[i] = pads[i + spatial];
                    }
                }
                long padded = side + begin[i] + end[i];
                if (ceil && padded >= extent) {
                    long out = Tensors.ceilDiv(padded - extent, strides[i]) + 1;
                    // as PyTorch does: no window may start in the end padding
                    if ((out - 1) * strides[i] >= side + begin[i]) {
                        out--;
                    }
                    end[i] += Math.max(0, (out - 1) * strides[i] + extent - padded);
                }
            }
            return new long[][] { begin, end };
        }

        private long[] arguments(long[] symmetricPads, long extra) {
            if (kernel.length == 3) {
                return new long[] { kernel[0], kernel[1], kernel[2], strides[0], strides[1], strides[2], symmetricPads[0], symmetricPads[1],
                        symmetricPads[2], dilations[0], dilations[1], dilations[2], 0, extra, Tensors.CHANNELS_LAST };
            }
            return new long[] { kernel[0], kernel[1], strides[0], strides[1], symmetricPads[0], symmetricPads[1], dilations[0], dilations[1],
                    0, extra, Tensors.CHANNELS_LAST };
        }

        /** The libnd4j pooling op {@code op} on channels-last copies of {@code inputs}, its output channels-first. */
        INDArray pool(String op, INDArray[] inputs, long[] symmetricPads, long extra) {
            INDArray[] channelsLast = Arrays.stream(inputs).map(Tensors::channelsLast).toArray(INDArray[]::new);
            return Tensors.channelsFirst(Tensors.exec1(op, channelsLast, arguments(symmetricPads, extra)));
        }
    }

    /** ONNX {@code MaxPool} (its optional second output, the indices, is not supported). */
    static final class MaxPool implements Operator {
        private final Window window;

        MaxPool(Attributes attributes) throws UnsupportedModelException {
            this.window = Window.of(attributes);
            if (attributes.node().outputs().size() > 1 && !attributes.node().outputs().get(1).isEmpty()) {
                throw attributes.unsupported("the Indices output is not supported");
            }
        }

        private String op(boolean backward) {
            return (window.kernel.length == 3 ? "maxpool3dnew" : "maxpool2d") + (backward ? "_bp" : "");
        }

        @Override
        public INDArray[] forward(INDArray[] inputs) {
            long[][] padding = window.padding(inputs[0]);
            INDArray padded = Tensors.pad(inputs[0], padding[0], padding[1], LOWEST);
            long[] none = new long[window.kernel.length];
            return new INDArray[] { window.pool(op(false), new INDArray[] { padded }, none, 0) };
        }

        @Override
        public INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            INDArray input = inputs[0];
            long[][] padding = window.padding(input);
            INDArray padded = Tensors.pad(input, padding[0], padding[1], LOWEST);
            long[] none = new long[window.kernel.length];
            INDArray gradient = window.pool(op(true), new INDArray[] { padded, outputGradients[0] }, none, 0);
            return new INDArray[] { Tensors.crop(gradient, padding[0], Arrays.copyOfRange(input.shape(), 2, input.rank())) };
        }
    }

    /** ONNX {@code AveragePool}. */
    static final class AveragePool implements Operator {
        private final Window window;
        private final boolean countPadding;

        AveragePool(Attributes attributes) throws UnsupportedModelException {
            this.window = Window.of(attributes);
            this.countPadding = attributes.integer("count_include_pad", 0) != 0;
        }

        private String op(boolean backward) {
            return (window.kernel.length == 3 ? "avgpool3dnew" : "avgpool2d") + (backward ? "_bp" : "");
        }

        /**
         * How the padding is applied: explicitly with zeros when the divisor counts it; else by libnd4j,
         * whose divisor leaves it out, which needs the same padding at both ends.
         */
        private long[][] explicitAndImplicit(INDArray input) {
            long[][] padding = window.padding(input);
            if (countPadding || Tensors.isZero(padding[0]) && Tensors.isZero(padding[1])) {
                return new long[][] { padding[0], padding[1], new long[window.kernel.length] };
            }
            if (!Arrays.equals(padding[0], padding[1])) {
                throw new UnsupportedOperationException("an average that leaves out padding needs the same padding at both ends, not "
                        + Arrays.toString(padding[0]) + " and " + Arrays.toString(padding[1]) + " (ceil_mode or asymmetric pads)");
            }
            long[] none = new long[window.kernel.length];
            return new long[][] { none, none, padding[0] };
        }

        @Override
        public INDArray[] forward(INDArray[] inputs) {
            long[][] padding = explicitAndImplicit(inputs[0]);
            INDArray padded = Tensors.pad(inputs[0], padding[0], padding[1], 0);
            return new INDArray[] { window.pool(op(false), new INDArray[] { padded }, padding[2], countPadding ? 1 : 0) };
        }

        @Override
        public INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            INDArray input = inputs[0];
            long[][] padding = explicitAndImplicit(input);
            INDArray padded = Tensors.pad(input, padding[0], padding[1], 0);
            INDArray gradient = window.pool(op(true), new INDArray[] { padded, outputGradients[0] }, padding[2], countPadding ? 1 : 0);
            return new INDArray[] { Tensors.crop(gradient, padding[0], Arrays.copyOfRange(input.shape(), 2, input.rank())) };
        }
    }

    /** ONNX {@code GlobalAveragePool}: the mean over every spatial axis, kept as sides of 1. */
    static final class GlobalAveragePool implements Operator {
        @Override
        public INDArray[] forward(INDArray[] inputs) {
            return new INDArray[] { inputs[0].mean(true, spatialAxes(inputs[0])) };
        }

        @Override
        public INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            INDArray input = inputs[0];
            long voxels = input.length() / (input.size(0) * input.size(1));
            return new INDArray[] { Tensors.broadcastTo(outputGradients[0].div(voxels), input.shape()).dup() };
        }

        private static int[] spatialAxes(INDArray input) {
            return IntStream.range(2, input.rank()).toArray();
        }
    }
}

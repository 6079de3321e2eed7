package org.perturba.onnx.runtime;

import java.util.Arrays;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * ONNX {@code Conv} and {@code ConvTranspose} over 2D and 3D inputs (NCHW, NCDHW), on libnd4j's
 * convolutions. Each one's input gradient is the other's forward pass with the same weights (a
 * convolution's adjoint is the transposed convolution), so no weight gradient is ever computed.
 * Padding, including ONNX's asymmetric and {@code auto_pad} forms, is applied explicitly and the
 * library ops run unpadded (or padded all round, for a transposed convolution computed as a
 * convolution), on channels-last copies of their inputs ({@link Tensors#channelsLast}).
 */
final class Convolutions {
    private Convolutions() {
    }

    /**
     * The geometry shared by both operators, read from the node's attributes. Sides the node leaves
     * out take ONNX's defaults once the input's rank is known ({@link #resolved}).
     */
    private record Geometry(String autoPad, long[] kernel, long[] strides, long[] dilations, long[] pads, int group) {

        static Geometry of(Attributes attributes) throws UnsupportedModelException {
            long group = attributes.integer("group", 1);
            if (group < 1) {
                throw attributes.unsupported("group " + group);
            }
            String autoPad = attributes.string("auto_pad", "NOTSET");
            if (!Arrays.asList("NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER").contains(autoPad)) {
                throw attributes.unsupported("auto_pad '" + autoPad + "'");
            }
            Geometry geometry = new Geometry(autoPad, attributes.integers("kernel_shape").orElse(null),
                    attributes.integers("strides").orElse(null), attributes.integers("dilations").orElse(null),
                    attributes.integers("pads").orElse(null), (int) group);
            int spatial = geometry.spatialRank();
            if (spatial > 0 && spatial != 2 && spatial != 3) {
                throw attributes.unsupported("only 2D and 3D convolutions are supported, this one is " + spatial + "D");
            }
            if (spatial > 0) {
                try {
                    geometry.resolved(spatial);
                } catch (IllegalArgumentException e) {
                    throw attributes.unsupported(e.getMessage());
                }
            }
            return geometry;
        }

        /** The spatial rank the attributes give, or -1 when they give none. */
        private int spatialRank() {
            return kernel != null ? kernel.length : strides != null ? strides.length : dilations != null ? dilations.length
                    : pads != null ? pads.length / 2 : -1;
        }

        /** The geometry for inputs of {@code spatial} sides, defaults filled in. */
        Geometry resolved(int spatial) {
            if (kernel != null && kernel.length != spatial) {
                throw new IllegalArgumentException("kernel_shape has " + kernel.length + " sides where the input has " + spatial);
            }
            return new Geometry(autoPad, kernel, sides("strides", strides, spatial, 1), sides("dilations", dilations, spatial, 1),
                    sides("pads", pads, 2 * spatial, 0), group);
        }

        private static long[] sides(String name, long[] values, int count, long otherwise) {
            if (values == null) {
                long[] filled = new long[count];
                Arrays.fill(filled, otherwise);
                return filled;
            }
            if (values.length != count) {
                throw new IllegalArgumentException(name + " has " + values.length + " values where the input needs " + count);
            }
            return values;
        }

        long[] kernel(INDArray weights) {
            return kernel != null ? kernel : Arrays.copyOfRange(weights.shape(), 2, weights.rank());
        }

        long extent(long[] kernel, int axis) {
            return (kernel[axis] - 1) * dilations[axis] + 1;
        }
    }

    private static void requireSpatial(INDArray input) {
        if (input.rank() != 4 && input.rank() != 5) {
            throw new IllegalArgumentException("only 2D and 3D inputs ([n, c, h, w] or [n, c, d, h, w]) are supported, not rank "
                    + input.rank());
        }
    }

    /**
     * Weights [out, in, k...] as libnd4j's [k..., in, out], the same array serving a convolution and
     * its transpose. A dilated kernel is spread out with zeros between its taps: libnd4j's oneDNN
     * path fails on dilated 3D convolutions, and the spread kernel computes the same sums.
     */
    private static INDArray kernelLast(INDArray weights, long[] dilations) {
        INDArray kernel = weights.rank() == 5 ? weights.permute(2, 3, 4, 1, 0).dup('c') : weights.permute(2, 3, 1, 0).dup('c');
        if (Arrays.stream(dilations).allMatch(dilation -> dilation == 1)) {
            return kernel;
        }
        long[] shape = kernel.shape().clone();
        INDArrayIndex[] taps = new INDArrayIndex[shape.length];
        Arrays.fill(taps, NDArrayIndex.all());
        for (int i = 0; i < dilations.length; i++) {
            long extent = (shape[i] - 1) * dilations[i] + 1;
            taps[i] = NDArrayIndex.interval(0, dilations[i], extent);
            shape[i] = extent;
        }
        INDArray spread = Nd4j.zeros(kernel.dataType(), shape);
        spread.get(taps).assign(kernel);
        return spread;
    }

    /** An unpadded, undilated convolution with strides, weights in libnd4j's layout [k..., in, out]. */
    static INDArray convolve(INDArray input, INDArray kernelLast, long[] strides) {
        return convolve(input, kernelLast, strides, new long[strides.length]);
    }

    /**
     * An undilated convolution with strides and {@code padding[i]} zeros on both sides of spatial axis
     * i, weights in libnd4j's layout [k..., in, out].
     */
    private static INDArray convolve(INDArray input, INDArray kernelLast, long[] strides, long[] padding) {
        long[] k = kernelLast.shape();
        INDArray[] arguments = { Tensors.channelsLast(input), kernelLast };
        if (input.rank() == 5) {
            return Tensors.channelsFirst(Tensors.exec1("conv3dnew", arguments, k[0], k[1], k[2], strides[0], strides[1], strides[2],
                    padding[0], padding[1], padding[2], 1, 1, 1, 0, Tensors.CHANNELS_LAST));
        }
        return Tensors.channelsFirst(Tensors.exec1("conv2d", arguments, k[0], k[1], strides[0], strides[1], padding[0], padding[1], 1, 1, 0,
                Tensors.CHANNELS_LAST));
    }

    /**
     * The unpadded transposed convolution of {@code input} with unit strides, as a convolution with
     * the {@link #mirrored} kernel over the input padded by the kernel's sides less one: the same sums
     * (output sides in + kernel side - 1), and libnd4j's forward convolution is several times faster
     * than its transposed one when the output has few channels (a network's first layer: 8x8x48³ to
     * one channel, 25 against 240 ms).
     */
    private static INDArray transposeByConvolution(INDArray input, INDArray mirroredKernel) {
        int spatial = input.rank() - 2;
        long[] strides = new long[spatial], padding = new long[spatial];
        for (int i = 0; i < spatial; i++) {
            strides[i] = 1;
            padding[i] = mirroredKernel.size(i) - 1;
        }
        return convolve(input, mirroredKernel, strides, padding);
    }

    /**
     * A kernel in libnd4j's layout [k..., a, b] as the kernel of the adjoint convolution: spatially
     * reversed, its two channel axes swapped ([k..., b, a]). Done once per weights array on the Java
     * side (a few thousand values).
     */
    private static INDArray mirrored(INDArray kernelLast) {
        long[] shape = kernelLast.shape();
        int rank = shape.length;
        long a = shape[rank - 2], b = shape[rank - 1];
        int taps = (int) (kernelLast.length() / (a * b));
        float[] kernel = kernelLast.dup('c').data().asFloat();
        float[] mirrored = new float[kernel.length];
        for (int tap = 0; tap < taps; tap++) {
            int from = tap * (int) (a * b), to = (taps - 1 - tap) * (int) (a * b);
            for (int i = 0; i < a; i++) {
                for (int j = 0; j < b; j++) {
                    mirrored[to + (int) (j * a + i)] = kernel[from + (int) (i * b + j)];
                }
            }
        }
        long[] mirroredShape = shape.clone();
        mirroredShape[rank - 2] = b;
        mirroredShape[rank - 1] = a;
        return Nd4j.create(mirrored, mirroredShape, 'c');
    }

    /**
     * An unpadded transposed convolution with strides, weights [k..., out, in]: output sides
     * (in - 1) * stride + kernel side.
     */
    static INDArray transpose(INDArray input, INDArray kernelLast, long[] strides) {
        long[] k = kernelLast.shape();
        INDArray[] arguments = { Tensors.channelsLast(input), kernelLast };
        if (input.rank() == 5) {
            return Tensors.channelsFirst(Tensors.exec1("deconv3d", arguments, k[0], k[1], k[2], strides[0], strides[1], strides[2], 0, 0, 0, 1,
                    1, 1, 0, Tensors.CHANNELS_LAST, 0));
        }
        return Tensors.channelsFirst(Tensors.exec1("deconv2d", arguments, k[0], k[1], strides[0], strides[1], 0, 0, 1, 1, 0,
                Tensors.CHANNELS_LAST, 0));
    }

    private static INDArray channels(INDArray array, long from, long count) {
        if (from == 0 && count == array.size(1)) {
            return array;
        }
        INDArrayIndex[] index = new INDArrayIndex[array.rank()];
        Arrays.fill(index, NDArrayIndex.all());
        index[1] = NDArrayIndex.interval(from, from + count);
        return array.get(index).dup('c');
    }

    /**
     * Each group's weights in libnd4j's layout, split along the first axis of ONNX's layout (a
     * convolution's output channels, a transposed convolution's input channels), and their
     * {@link #mirrored} kernels, made once per weights array (the weights are the model's constants)
     * and kept from pass to pass: outside the pass's workspace.
     */
    private static final class GroupKernels {
        private INDArray weightsSeen;
        private INDArray[] kernels, mirroredKernels;

        INDArray[] of(INDArray weights, Geometry geometry) {
            if (weights != weightsSeen) {
                try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                    long perGroup = weights.size(0) / geometry.group;
                    kernels = new INDArray[geometry.group];
                    for (int g = 0; g < geometry.group; g++) {
                        INDArray group = geometry.group == 1 ? weights
                                : weights.get(NDArrayIndex.interval(g * perGroup, (g + 1) * perGroup));
                        kernels[g] = kernelLast(group, geometry.dilations);
                    }
                }
                mirroredKernels = null;
                weightsSeen = weights;
            }
            return kernels;
        }

        INDArray[] mirrored(INDArray weights, Geometry geometry) {
            INDArray[] groups = of(weights, geometry);
            if (mirroredKernels == null) {
                try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                    mirroredKernels = Arrays.stream(groups).map(Convolutions::mirrored).toArray(INDArray[]::new);
                }
            }
            return mirroredKernels;
        }
    }

    private static boolean unit(long[] strides) {
        return Arrays.stream(strides).allMatch(stride -> stride == 1);
    }

    /** The output plus the bias of each channel, in place; along the contiguous channel axis where stored channels-last. */
    private static INDArray addBias(INDArray output, INDArray bias) {
        if (bias == null) {
            return output;
        }
        INDArray channelBias = bias.castTo(output.dataType());
        INDArray stored = Tensors.channelsLastStorage(output);
        if (stored != null) {
            stored.reshape('c', stored.length() / channelBias.length(), channelBias.length()).addiRowVector(channelBias);
            return output;
        }
        return output.addi(Tensors.perChannel(channelBias, output.rank()));
    }

    /** ONNX {@code Conv}. */
    static final class Conv implements Operator {
        private final Geometry declared;
        private final GroupKernels groupKernels = new GroupKernels();

        Conv(Attributes attributes) throws UnsupportedModelException {
            this.declared = Geometry.of(attributes);
        }

        private INDArray[] groupKernels(INDArray weights) {
            return groupKernels.of(weights, declared.resolved(weights.rank() - 2));
        }

        private Window window(INDArray input, INDArray weights) {
            requireSpatial(input);
            Geometry geometry = declared.resolved(input.rank() - 2);
            int spatial = input.rank() - 2;
            long[] kernel = geometry.kernel(weights);
            long[] begin = new long[spatial], end = new long[spatial];
            for (int i = 0; i < spatial; i++) {
                long side = input.size(i + 2);
                switch (geometry.autoPad) {
                    case "VALID" -> {
                    }
                    case "SAME_UPPER", "SAME_LOWER" -> {
                        long out = Tensors.ceilDiv(side, geometry.strides[i]);
                        long total = Math.max(0, (out - 1) * geometry.strides[i] + geometry.extent(kernel, i) - side);
                        begin[i] = geometry.autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                        end[i] = total - begin[i];
                    }
                    default -> {
                        begin[i] = geometry.pads[i];
                        end[i] = geometry.pads[i + spatial];
                    }
                }
            }
            return new Window(begin, end);
        }

        private record Window(long[] begin, long[] end) {
            boolean symmetric() {
                return Arrays.equals(begin, end);
            }
        }

        @Override
        public INDArray[] forward(INDArray[] inputs) {
            INDArray input = inputs[0], weights = inputs[1];
            requireSpatial(input);
            Geometry geometry = declared.resolved(input.rank() - 2);
            Window window = window(input, weights);
            // libnd4j pads both ends alike: other padding is applied here
            INDArray padded = window.symmetric() ? input : Tensors.pad(input, window.begin, window.end, 0);
            long[] padding = window.symmetric() ? window.begin : new long[window.begin.length];
            INDArray[] kernels = groupKernels(weights);
            long inPerGroup = input.size(1) / geometry.group;
            if (inPerGroup * geometry.group != input.size(1) || weights.size(1) != inPerGroup) {
                throw new IllegalArgumentException(input.size(1) + " input channels in " + geometry.group
                        + " groups do not match weights of shape " + Arrays.toString(weights.shape()));
            }
            INDArray[] outputs = new INDArray[geometry.group];
            for (int g = 0; g < geometry.group; g++) {
                outputs[g] = convolve(channels(padded, g * inPerGroup, inPerGroup), kernels[g], geometry.strides, padding);
            }
            INDArray output = geometry.group == 1 ? outputs[0] : Nd4j.concat(1, outputs);
            return new INDArray[] { addBias(output, inputs.length > 2 ? inputs[2] : null) };
        }

        @Override
        public INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            if (wanted.length > 1 && (wanted[1] || (wanted.length > 2 && wanted[2]))) {
                throw new UnsupportedOperationException("gradients with respect to weights computed from the input are not supported");
            }
            INDArray input = inputs[0], weights = inputs[1];
            Window window = window(input, weights);
            int spatial = input.rank() - 2;
            Geometry geometry = declared.resolved(spatial);
            long[] sides = Arrays.copyOfRange(input.shape(), 2, input.rank());
            long outPerGroup = weights.size(0) / geometry.group;
            INDArray[] gradients = new INDArray[geometry.group];
            if (unit(geometry.strides)) {
                INDArray[] kernels = groupKernels.mirrored(weights, geometry);
                // the mirrored convolution padded by the kernel's extent less one covers the padded
                // input; padded by that less the window's own padding, just the input
                long[] padding = new long[spatial];
                boolean exact = window.symmetric();
                for (int i = 0; i < spatial; i++) {
                    padding[i] = kernels[0].size(i) - 1 - (exact ? window.begin[i] : 0);
                    exact &= padding[i] >= 0;
                }
                for (int g = 0; g < geometry.group; g++) {
                    INDArray delta = channels(outputGradients[0], g * outPerGroup, outPerGroup);
                    gradients[g] = exact ? convolve(delta, kernels[g], geometry.strides, padding)
                            : Tensors.crop(transposeByConvolution(delta, kernels[g]), window.begin, sides);
                }
                return new INDArray[] { geometry.group == 1 ? gradients[0] : Nd4j.concat(1, gradients), null, null };
            }
            long[] paddedSides = new long[spatial];
            for (int i = 0; i < spatial; i++) {
                paddedSides[i] = sides[i] + window.begin[i] + window.end[i];
            }
            INDArray[] kernels = groupKernels(weights);
            for (int g = 0; g < geometry.group; g++) {
                INDArray full = transpose(channels(outputGradients[0], g * outPerGroup, outPerGroup), kernels[g], geometry.strides);
                // the transposed convolution covers the padded input up to the last voxel a window reached
                gradients[g] = Tensors.place(full, new long[spatial], paddedSides);
            }
            INDArray padded = geometry.group == 1 ? gradients[0] : Nd4j.concat(1, gradients);
            return new INDArray[] { Tensors.crop(padded, window.begin, sides), null, null };
        }
    }

    /** ONNX {@code ConvTranspose}. */
    static final class ConvTranspose implements Operator {
        private final Geometry declared;
        private final long[] outputPadding;
        private final long[] outputShape;
        private final GroupKernels groupKernels = new GroupKernels();

        ConvTranspose(Attributes attributes) throws UnsupportedModelException {
            this.declared = Geometry.of(attributes);
            this.outputPadding = attributes.integers("output_padding").orElse(null);
            this.outputShape = attributes.integers("output_shape").orElse(null);
        }

        /** [in, out, k...] of the transposed convolution, as libnd4j's [k..., out, in]. */
        private INDArray[] groupKernels(INDArray weights) {
            return groupKernels.of(weights, declared.resolved(weights.rank() - 2));
        }

        /** Where the output lies in the unpadded transposed convolution's (its first voxel) and its sides. */
        private record Placement(long[] begin, long[] sides, long[] fullSides) {
        }

        private Placement placement(INDArray input, INDArray weights) {
            requireSpatial(input);
            Geometry geometry = declared.resolved(input.rank() - 2);
            int spatial = input.rank() - 2;
            long[] kernel = geometry.kernel(weights);
            long[] begin = new long[spatial], sides = new long[spatial], full = new long[spatial];
            for (int i = 0; i < spatial; i++) {
                long stride = geometry.strides[i];
                long extra = outputPadding == null ? 0 : outputPadding[i];
                full[i] = (input.size(i + 2) - 1) * stride + geometry.extent(kernel, i);
                long total, out;
                if (outputShape != null || !geometry.autoPad.equals("NOTSET") && !geometry.autoPad.equals("VALID")) {
                    out = outputShape != null ? outputShape[outputShape.length - spatial + i] : input.size(i + 2) * stride;
                    total = full[i] + extra - out;
                    begin[i] = geometry.autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                } else if (geometry.autoPad.equals("VALID")) {
                    begin[i] = 0;
                    out = full[i] + extra;
                } else {
                    begin[i] = geometry.pads[i];
                    out = full[i] + extra - geometry.pads[i] - geometry.pads[i + spatial];
                }
                if (out <= 0) {
                    throw new IllegalArgumentException("an output side of " + out);
                }
                sides[i] = out;
            }
            return new Placement(begin, sides, full);
        }

        @Override
        public INDArray[] forward(INDArray[] inputs) {
            INDArray input = inputs[0], weights = inputs[1];
            requireSpatial(input);
            Geometry geometry = declared.resolved(input.rank() - 2);
            Placement placement = placement(input, weights);
            boolean unitStrides = unit(geometry.strides);
            INDArray[] kernels = unitStrides ? groupKernels.mirrored(weights, geometry) : groupKernels(weights);
            long inPerGroup = input.size(1) / geometry.group;
            INDArray[] outputs = new INDArray[geometry.group];
            for (int g = 0; g < geometry.group; g++) {
                INDArray groupInput = channels(input, g * inPerGroup, inPerGroup);
                INDArray full = unitStrides ? transposeByConvolution(groupInput, kernels[g]) : transpose(groupInput, kernels[g], geometry.strides);
                outputs[g] = Tensors.place(full, negate(placement.begin), placement.sides);
            }
            INDArray output = geometry.group == 1 ? outputs[0] : Nd4j.concat(1, outputs);
            return new INDArray[] { addBias(output, inputs.length > 2 ? inputs[2] : null) };
        }

        @Override
        public INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted) {
            if (wanted.length > 1 && (wanted[1] || (wanted.length > 2 && wanted[2]))) {
                throw new UnsupportedOperationException("gradients with respect to weights computed from the input are not supported");
            }
            INDArray input = inputs[0], weights = inputs[1];
            Placement placement = placement(input, weights);
            INDArray[] kernels = groupKernels(weights);
            Geometry geometry = declared.resolved(input.rank() - 2);
            long outPerGroup = weights.size(1);
            INDArray[] gradients = new INDArray[geometry.group];
            for (int g = 0; g < geometry.group; g++) {
                INDArray full = Tensors.place(channels(outputGradients[0], g * outPerGroup, outPerGroup), placement.begin, placement.fullSides);
                gradients[g] = convolve(full, kernels[g], geometry.strides);
            }
            return new INDArray[] { geometry.group == 1 ? gradients[0] : Nd4j.concat(1, gradients), null, null };
        }

        private static long[] negate(long[] values) {
            return Arrays.stream(values).map(value -> -value).toArray();
        }
    }
}

package org.perturba.model.layers;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The backward pass of a channels-last 3D convolution with stride 1, dilation 1 and odd kernel
 * sides padded to keep the grid ("same"), with each gradient available on its own: libnd4j's
 * {@code conv3dnew_bp} always computes the input gradient and the weight gradient together. Weights
 * are in DL4J's layout, [out, in, depth, height, width]; activations [n, depth, height, width, channels].
 */
final class ConvolutionGradients {
    /** libnd4j integer argument: padding given explicitly, not derived ("valid" mode). */
    private static final int EXPLICIT_PADDING = 0;
    /** libnd4j integer argument: channels-last. */
    private static final int NDHWC = 1;

    private ConvolutionGradients() {
    }

    /**
     * The input and weight gradients in one {@code conv3dnew_bp} (oneDNN): the cheapest way when both
     * are needed. The bias gradient is left to {@link #bias}: inside {@code conv3dnew_bp} it is a
     * generic reduction that cost a fifth of the call (8x16³x16: 3.4 of 16 ms).
     */
    static void inputAndWeights(INDArray input, INDArray weights, INDArray delta, INDArray inputGradient,
            INDArray weightGradient) {
        // libnd4j's weight layout: [depth, height, width, in, out]
        exec("conv3dnew_bp", new INDArray[] { input, kernelLast(weights), delta },
                new INDArray[] { inputGradient, kernelLast(weightGradient) }, kernelSides(weights));
    }

    /**
     * The input gradient alone: the forward convolution of the delta with the kernel mirrored in space
     * and its channels swapped. With one input channel this is about 4x faster than
     * {@code conv3dnew_bp}, whose backward-data kernel pads the single channel to 16.
     */
    static void input(INDArray weights, INDArray delta, INDArray inputGradient) {
        long[] shape = weights.shape();
        int taps = (int) (shape[2] * shape[3] * shape[4]);
        // mirroring all three sides reverses the order of the taps. On the Java side: the kernel is a
        // few thousand values, and ND4J's point-wise indexing took about 1 ms a call for it (libnd4j's
        // "reverse" op leaks about 40 KB a call)
        double[] kernel = weights.dup('c').data().asDouble();
        double[] mirroredKernel = new double[kernel.length];
        for (int start = 0; start < kernel.length; start += taps) {
            for (int tap = 0; tap < taps; tap++) {
                mirroredKernel[start + tap] = kernel[start + taps - 1 - tap];
            }
        }
        INDArray mirrored = Nd4j.create(mirroredKernel, shape, 'c').castTo(weights.dataType());
        // [depth, height, width, in, out] of the mirrored convolution: its input is this layer's output
        exec("conv3dnew", new INDArray[] { delta, mirrored.permute(2, 3, 4, 0, 1) }, new INDArray[] { inputGradient },
                kernelSides(weights));
    }

    /**
     * The weight gradient alone, into {@code weightGradient} (DL4J's layout): each kernel tap's
     * weights see the input shifted by that tap, so the taps' shifted copies of the input, one row
     * each, times the delta give every weight's gradient in one matrix product. This is what a
     * network's first layer needs in training, where the input gradient is not wanted; for an input of
     * one channel it is 2-3x faster than {@code conv3dnew_bp}.
     */
    static void weights(INDArray input, INDArray delta, INDArray weightGradient, LayerWorkspaceMgr workspaces) {
        long[] shape = input.shape();
        long n = shape[0], depth = shape[1], height = shape[2], width = shape[3], channels = shape[4];
        long[] kernel = { weightGradient.size(2), weightGradient.size(3), weightGradient.size(4) };
        INDArray padded = workspaces.create(ArrayType.BP_WORKING_MEM, input.dataType(), n, depth + kernel[0] - 1,
                height + kernel[1] - 1, width + kernel[2] - 1, channels);
        padded.get(all(), interval(kernel[0] / 2, kernel[0] / 2 + depth), interval(kernel[1] / 2, kernel[1] / 2 + height),
                interval(kernel[2] / 2, kernel[2] / 2 + width), all()).assign(input);
        long taps = kernel[0] * kernel[1] * kernel[2];
        // [tap, in, n, depth, height, width]: rows of one tap and channel are contiguous for the product
        INDArray shifted = workspaces.createUninitialized(ArrayType.BP_WORKING_MEM, input.dataType(),
                new long[] { taps, channels, n, depth, height, width }, 'c');
        int tap = 0;
        for (int d = 0; d < kernel[0]; d++) {
            for (int h = 0; h < kernel[1]; h++) {
                for (int w = 0; w < kernel[2]; w++) {
                    shifted.get(point(tap++)).assign(padded.get(all(), interval(d, d + depth), interval(h, h + height),
                            interval(w, w + width), all()).permute(4, 0, 1, 2, 3));
                }
            }
        }
        long voxels = n * depth * height * width;
        long outputs = delta.size(4);
        INDArray gradient = Nd4j.createUninitialized(input.dataType(), new long[] { taps * channels, outputs }, 'c');
        // libnd4j's matmul runs oneDNN's gemm: 3x faster than INDArray.mmul (OpenBLAS) for this long, thin product
        exec("matmul", new INDArray[] { shifted.reshape('c', taps * channels, voxels), delta.reshape('c', voxels, outputs) },
                new INDArray[] { gradient }, new int[0]);
        kernelLast(weightGradient).assign(gradient.reshape('c', kernel[0], kernel[1], kernel[2], channels, outputs));
    }

    /**
     * The bias gradient: the delta summed over examples and voxels, as a row of ones times the delta
     * in oneDNN's gemm (4x faster than libnd4j's sum over the leading dimensions at 8x32³x8).
     */
    static void bias(INDArray delta, INDArray biasGradient, LayerWorkspaceMgr workspaces) {
        long channels = delta.size(delta.rank() - 1);
        long rows = delta.length() / channels;
        INDArray ones = workspaces.createUninitialized(ArrayType.BP_WORKING_MEM, delta.dataType(), new long[] { 1, rows }, 'c')
                .assign(1);
        exec("matmul", new INDArray[] { ones, delta.reshape('c', rows, channels) },
                new INDArray[] { biasGradient.reshape('c', 1, channels) }, new int[0]);
    }

    private static INDArray kernelLast(INDArray weights) {
        return weights.permute(2, 3, 4, 1, 0);
    }

    private static int[] kernelSides(INDArray weights) {
        int kd = (int) weights.size(2), kh = (int) weights.size(3), kw = (int) weights.size(4);
        return new int[] { kd, kh, kw, 1, 1, 1, kd / 2, kh / 2, kw / 2, 1, 1, 1, EXPLICIT_PADDING, NDHWC };
    }

    private static void exec(String op, INDArray[] inputs, INDArray[] outputs, int[] arguments) {
        Nd4j.getExecutioner().exec(DynamicCustomOp.builder(op).addInputs(inputs).addOutputs(outputs)
                .addIntegerArguments(arguments).callInplace(false).build());
    }
}

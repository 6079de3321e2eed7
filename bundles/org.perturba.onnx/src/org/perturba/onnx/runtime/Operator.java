package org.perturba.onnx.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One ONNX node bound to its attributes, run on ND4J. Inputs the node leaves out (optional inputs)
 * are {@code null}.
 */
interface Operator {

    INDArray[] forward(INDArray[] inputs);

    /**
     * The gradient of a scalar objective with respect to the inputs marked {@code wanted}, given its
     * gradient with respect to each output ({@code null} for an output the objective does not depend
     * on). An entry may be {@code null} where the gradient is zero (e.g. a shape input).
     *
     * @throws UnsupportedOperationException with a one-line reason where a wanted gradient cannot be computed
     */
    INDArray[] backward(INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients, boolean[] wanted);
}

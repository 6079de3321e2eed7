package org.perturba.onnx.runtime;

import java.io.IOException;

/** A well-formed ONNX model that this runtime cannot run (an operator, attribute or opset it lacks): one line, naming the node. */
public class UnsupportedModelException extends IOException {
    private static final long serialVersionUID = 1L;

    public UnsupportedModelException(String message) {
        super(message);
    }
}

package org.perturba.onnx.proto;

import java.io.IOException;

/** An ONNX file that is not a well-formed model, or one beyond the reader's limits: the message is one line. */
public class MalformedModelException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedModelException(String message) {
        super(message);
    }
}

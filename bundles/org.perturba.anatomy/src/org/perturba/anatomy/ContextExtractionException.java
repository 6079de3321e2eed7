package org.perturba.anatomy;

/** The inputs do not allow this extractor to compute its features (e.g. it needs a label map). */
public class ContextExtractionException extends Exception {
    private static final long serialVersionUID = 1L;

    public ContextExtractionException(String message) {
        super(message);
    }

    public ContextExtractionException(String message, Throwable cause) {
        super(message, cause);
    }
}

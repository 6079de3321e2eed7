package org.perturba.anatomy.dataset;

/**
 * A dataset folder that cannot be used as it is. Checked, because a broken cohort is an expected
 * user error; the message is one line naming the file, line, field or subject to fix.
 */
public class DatasetException extends Exception {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.perturba.ui;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.swt.widgets.Shell;
import org.osgi.framework.FrameworkUtil;

/** Failures as statuses: logged, and shown in an error dialog with the cause's message. */
public final class Errors {
    public static final String PLUGIN_ID = "org.perturba.ui";

    private Errors() {
    }

    public static IStatus status(String message, Throwable cause) {
        String detail = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return new Status(IStatus.ERROR, PLUGIN_ID, message + ": " + detail, cause);
    }

    public static void log(IStatus status) {
        Platform.getLog(FrameworkUtil.getBundle(Errors.class)).log(status);
    }

    /** Logs the failure and shows it. */
    public static void show(Shell shell, String title, Throwable cause) {
        IStatus status = status(title, cause);
        log(status);
        dialog(shell, title, status);
    }

    /**
     * Shows a failure that is logged already (a job's error status, which the workbench logs); a
     * cancellation is not shown.
     */
    public static void dialog(Shell shell, String title, IStatus status) {
        if (status.getSeverity() == IStatus.ERROR) {
            ErrorDialog.openError(shell, "Perturba", title, status);
        }
    }
}

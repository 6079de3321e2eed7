package org.perturba.ui;

import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchPartSite;
import org.eclipse.ui.progress.IWorkbenchSiteProgressService;

/**
 * Reads what a part shows off the UI thread, so that the window never waits on a disk: a job with
 * progress (in the status line and the Progress view, the part shown busy) that the user can cancel.
 * Its result, or its failure or cancellation, reaches the part on the UI thread, and only while the part's control
 * is still there and no newer read has replaced this one. A failure ends the job with an error
 * status, which the workbench logs; the part only shows it.
 */
public final class BackgroundRead<T> extends Job {
    /** The family of these reads, for {@code Job.getJobManager().find(FAMILY)}. */
    public static final Object FAMILY = BackgroundRead.class;

    /** The reading itself, on a worker thread; it reports to, and stops when cancelled through, the monitor. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(IProgressMonitor monitor) throws Exception;
    }

    private final String failure;
    private final Control owner;
    private final Display display;
    private final Reader<T> reader;
    private final Consumer<T> show;
    private final Consumer<IStatus> showFailure;
    /** Set on the UI thread; checked there again before anything is shown, after the job may have ended. */
    private volatile boolean abandoned;

    private BackgroundRead(String name, String failure, Control owner, Reader<T> reader, Consumer<T> show,
            Consumer<IStatus> showFailure) {
        super(name);
        this.failure = failure;
        this.owner = owner;
        this.display = owner.getDisplay();
        this.reader = reader;
        this.show = show;
        this.showFailure = showFailure;
    }

    /**
     * Starts a read for a part (call on the UI thread).
     *
     * @param name what the progress shows, e.g. "Reading sub-01_T1w.nii.gz"
     * @param failure what a failure's message starts with, e.g. "Cannot open FILE"
     * @param owner the part's control: once it is disposed, nothing is shown any more
     * @param show gets what was read, on the UI thread
     * @param showFailure gets the failure as an error status (or the cancellation as a cancel status), on the UI thread
     */
    public static <T> BackgroundRead<T> start(IWorkbenchPartSite site, String name, String failure, Control owner,
            Reader<T> reader, Consumer<T> show, Consumer<IStatus> showFailure) {
        BackgroundRead<T> read = new BackgroundRead<>(name, failure, owner, reader, show, showFailure);
        IWorkbenchSiteProgressService progress = site.getService(IWorkbenchSiteProgressService.class);
        if (progress != null) {
            progress.schedule(read);
        } else {
            read.schedule();
        }
        return read;
    }

    /** Cancels the read and drops what it has read, even a result already on its way (call on the UI thread). */
    public void abandon() {
        abandoned = true;
        cancel();
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == FAMILY;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, getName(), 1);
        try {
            T value = reader.read(progress.split(1));
            deliver(() -> show.accept(value));
            return Status.OK_STATUS;
        } catch (OperationCanceledException e) { // by the user, in the Progress view: the part says so
            deliver(() -> showFailure.accept(new Status(IStatus.CANCEL, Errors.PLUGIN_ID, failure + ": cancelled")));
            return Status.CANCEL_STATUS;
        } catch (Exception | LinkageError e) { // whatever a reader throws is the part's to show, never lost
            IStatus status = Errors.status(failure, e);
            deliver(() -> showFailure.accept(status));
            return status;
        } finally {
            monitor.done();
        }
    }

    private void deliver(Runnable action) {
        if (!display.isDisposed()) {
            display.asyncExec(() -> {
                if (!abandoned && !owner.isDisposed()) {
                    action.run();
                }
            });
        }
    }
}

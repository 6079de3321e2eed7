package org.perturba.ui.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.experiment.run.ContributionFailure;
import org.perturba.experiment.run.ExperimentProgress;
import org.perturba.experiment.run.ExperimentRunner;
import org.perturba.experiment.run.Invocation;
import org.perturba.experiment.run.RunResult;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.ui.Errors;

/**
 * Runs an experiment in the background as an Eclipse job: the runner's stages and steps become
 * progress-monitor work, the monitor's Cancel stops it between units of work, and a failure ends
 * as an error status (logged by the job framework, shown by the Experiment view) instead of freezing the UI.
 */
public final class ExperimentJob extends Job {
    /** Job family of experiment runs, for {@code Job.getJobManager().find(FAMILY)}. */
    public static final Object FAMILY = ExperimentJob.class;
    private final ExperimentSpec spec;
    private final Path output;
    private volatile Optional<RunResult> result = Optional.empty();
    private volatile String stage = "";

    public ExperimentJob(ExperimentSpec spec, Path output) {
        super("Experiment " + spec.name());
        this.spec = spec;
        this.output = output;
        // not a user job: no modal progress dialog; progress shows in the Progress view and the
        // Experiment view, which has Cancel and reports the outcome
        setUser(false);
    }

    public Path output() {
        return output;
    }

    /** The finished run's results, once the job ended successfully. */
    public Optional<RunResult> result() {
        return result;
    }

    /** The stage the run is in, e.g. "training conventional". */
    public String stage() {
        return stage;
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == FAMILY;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, getName(), 100);
        try {
            ExperimentRunner runner = new ExperimentRunner(new ContributionRegistry(), new MonitorProgress(progress));
            result = Optional.of(runner.run(spec, output, false, new Invocation(version(), List.of("workbench", "run"),
                    Optional.empty())));
            return Status.OK_STATUS;
        } catch (CancellationException | OperationCanceledException e) {
            return Status.CANCEL_STATUS;
        } catch (Exception | LinkageError e) {
            return Errors.status("Experiment '" + spec.name() + "' failed", e);
        } finally {
            monitor.done();
        }
    }

    private static String version() {
        var bundle = Platform.getBundle(Errors.PLUGIN_ID);
        return bundle == null ? "unknown" : bundle.getVersion().toString();
    }

    /**
     * The runner's progress on a monitor. The number of stages is not known ahead, so each stage takes
     * a quarter of the work still left: the bar always moves and never overflows.
     */
    private final class MonitorProgress implements ExperimentProgress {
        private final SubMonitor root;
        private SubMonitor current;
        private int done;

        MonitorProgress(SubMonitor root) {
            this.root = root;
        }

        @Override
        public void stage(String description, int steps) {
            stage = description;
            root.setWorkRemaining(100);
            current = SubMonitor.convert(root.newChild(25), description, Math.max(1, steps));
            root.subTask(description);
            done = 0;
        }

        @Override
        public void advance(int completed) {
            if (current != null && completed > done) {
                current.worked(completed - done);
                done = completed;
            }
        }

        @Override
        public void note(String message) {
            Errors.log(new Status(IStatus.WARNING, Errors.PLUGIN_ID, spec.name() + ": " + message));
        }

        @Override
        public void failed(ContributionFailure failure) { // an error in the Error Log; the run goes on
            Errors.log(new Status(IStatus.ERROR, Errors.PLUGIN_ID, spec.name() + ": " + failure.describe()));
        }

        @Override
        public boolean isCancelled() {
            return root.isCanceled();
        }
    }
}

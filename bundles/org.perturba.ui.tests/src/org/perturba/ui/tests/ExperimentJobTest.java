package org.perturba.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.Job;
import org.junit.jupiter.api.Test;
import org.perturba.ui.experiment.ExperimentDraft;
import org.perturba.ui.experiment.ExperimentJob;
import org.perturba.ui.experiment.ExperimentView;
import org.perturba.ui.results.ResultsView;

/** The Experiment view runs a tiny experiment as a job, which ends in the Results view, or stops when cancelled. */
class ExperimentJobTest extends WorkbenchTest {

    @Test
    void theFormIsGeneratedFromTheAttacksDeclaredParameters() throws Exception {
        ExperimentView view = experimentView();
        view.selectAttack("pgd-linf");
        List<String> fields = view.parameterNames();
        assertTrue(fields.contains("steps"), "pgd-linf declares steps: " + fields);
        assertTrue(!fields.contains("epsilon") && !fields.contains("direction"), "the sweep sets epsilon and direction");
        view.selectAttack("random-noise");
        assertTrue(!view.parameterNames().contains("steps"), "the example plug-in's own form: " + view.parameterNames());
        Screenshots.save(window().getShell(), "experiment-view");
    }

    @Test
    void runsATinyExperimentToTheResultsView() throws Exception {
        ExperimentView view = experimentView();
        view.clearModels();
        view.setCohort(20);
        view.addModel(ExperimentDraft.ModelChoice.train("conventional", Optional.empty(), 1));
        view.selectAttack("fgsm");
        view.setEpsilons("0.01");
        view.setAttackedSubjects(1);
        Path out = temp.resolve("run");
        ExperimentJob job = view.run(out);
        assertTrue(waitFor(() -> job.getState() == Job.NONE && job.getResult() != null, 300), "the run did not end in 5 min");
        IStatus result = job.getResult();
        assertTrue(result.isOK(), "the run failed: " + result + (result.getException() == null ? "" : " " + result.getException()));
        assertTrue(Files.isRegularFile(out.resolve("summary.json")));
        assertTrue(waitFor(() -> {
            ResultsView results = (ResultsView) window().getActivePage().findView(ResultsView.ID);
            return results != null && results.output().map(o -> o.folder().equals(out.toAbsolutePath())).orElse(false);
        }, 10), "the results did not appear in the Results view");
        ResultsView results = (ResultsView) window().getActivePage().findView(ResultsView.ID);
        assertEquals(1, results.modelsTable().getItemCount());
        assertEquals(1, results.attacksTable().getItemCount());
        Screenshots.save(window().getShell(), "experiment-finished");

        // the model the run saved is picked as a saved zip for the next run: loaded, not trained
        Path zip = out.resolve("models/conventional.zip");
        assertTrue(Files.isRegularFile(zip), "the run saved its model");
        view.clearModels();
        view.addModel(ExperimentDraft.ModelChoice.load(zip));
        Path again = temp.resolve("again");
        ExperimentJob second = view.run(again);
        assertTrue(waitFor(() -> second.getState() == Job.NONE && second.getResult() != null, 300), "the second run did not end");
        assertTrue(second.getResult().isOK(), "the second run failed: " + second.getResult());
        assertTrue(Files.notExists(again.resolve("models/conventional.zip")), "a loaded model is not trained again");
        assertEquals("conventional", second.result().orElseThrow().models().get(0).id());
        assertTrue(waitFor(() -> results.output().map(o -> o.folder().equals(again.toAbsolutePath())).orElse(false), 10),
                "the second run's results replace the first's");
        view.clearModels();
    }

    @Test
    void aFailingRunEndsWithAnErrorStatusNotAFrozenWindow() throws Exception {
        ExperimentView view = experimentView();
        view.clearModels();
        view.setCohort(20);
        Path bogus = temp.resolve("bogus.zip");
        Files.writeString(bogus, "not a model");
        view.addModel(ExperimentDraft.ModelChoice.load(bogus));
        view.selectAttack("fgsm");
        view.setEpsilons("0.01");
        ExperimentJob job;
        try {
            job = view.run(temp.resolve("failing"));
        } catch (org.perturba.experiment.spec.InvalidExperimentException e) {
            assertTrue(e.getMessage().contains("bogus"), e.getMessage()); // refused before it starts: fine too
            return;
        } finally {
            view.clearModels();
        }
        ExperimentJob started = job;
        assertTrue(waitFor(() -> started.getState() == Job.NONE && started.getResult() != null, 120), "the run did not end");
        assertEquals(IStatus.ERROR, started.getResult().getSeverity(), "failed: " + started.getResult());
        assertTrue(started.getResult().getMessage().contains("failed"), started.getResult().getMessage());
        assertTrue(waitFor(() -> view.isReadyToRun(), 10), "the view is ready for the next run");
        assertTrue(view.statusText().startsWith("Failed: ") && view.statusText().contains("bogus"), view.statusText());
    }

    @Test
    void cancellingStopsTheRun() throws Exception {
        ExperimentView view = longRunForm();
        ExperimentJob job = view.run(temp.resolve("cancelled"));
        assertTrue(waitFor(() -> job.stage().startsWith("training"), 240), "training never started: " + job.stage());
        job.cancel();
        assertTrue(waitFor(() -> job.getState() == Job.NONE && job.getResult() != null, 120), "the run did not stop");
        assertNotNull(job.getResult());
        assertEquals(IStatus.CANCEL, job.getResult().getSeverity(), "cancelled, not failed: " + job.getResult());
        assertTrue(job.result().isEmpty());
        assertTrue(waitFor(() -> view.statusText().startsWith("Cancelled"), 10), "the view says so: " + view.statusText());
    }

    @Test
    void closingTheViewCancelsItsRun() throws Exception {
        ExperimentView view = longRunForm();
        ExperimentJob job = view.run(temp.resolve("closed"));
        window().getActivePage().hideView(view);
        assertTrue(view.formArea().isDisposed(), "the view closed");
        // the event loop runs on: the run's end touching the closed view would throw out of it here
        assertTrue(waitFor(() -> job.getState() == Job.NONE && job.getResult() != null, 120), "the run went on without its view");
        assertEquals(IStatus.CANCEL, job.getResult().getSeverity(), "cancelled: " + job.getResult());
        waitFor(() -> false, 1);
    }

    /** The form of a run that trains for 500 epochs: long enough to be stopped while it trains. */
    private ExperimentView longRunForm() throws Exception {
        ExperimentView view = experimentView();
        view.clearModels();
        view.setCohort(30);
        view.addModel(ExperimentDraft.ModelChoice.train("conventional", Optional.empty(), 500));
        view.selectAttack("fgsm");
        view.setEpsilons("0.01");
        return view;
    }
}

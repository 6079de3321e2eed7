package org.perturba.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.jobs.Job;
import org.junit.jupiter.api.Test;
import org.perturba.experiment.run.ContributionFailure;
import org.perturba.faulty.tests.FaultyContributions;
import org.perturba.ui.experiment.ExperimentDraft;
import org.perturba.ui.experiment.ExperimentJob;
import org.perturba.ui.experiment.ExperimentView;
import org.perturba.ui.results.ResultsView;

/**
 * Plug-in isolation in the workbench: with the plug-ins of org.perturba.faulty.tests installed, a run
 * whose model, context extractor or attack throws finishes; the Experiment view and the Error Log
 * name each failure and the Results view shows what succeeded.
 */
class FaultyContributionsTest extends WorkbenchTest {

    @Test
    void aRunWithFaultyContributionsFinishesAndShowsTheirErrors() throws Exception {
        List<IStatus> logged = new CopyOnWriteArrayList<>();
        ILogListener listener = (status, plugin) -> logged.add(status);
        Platform.addLogListener(listener);
        ExperimentView view = experimentView();
        try {
            view.clearModels();
            view.setCohort(20);
            view.addModel(ExperimentDraft.ModelChoice.train("conventional", Optional.empty(), 1));
            view.addModel(ExperimentDraft.ModelChoice.train(FaultyContributions.MODEL, Optional.empty(), 1));
            view.addModel(ExperimentDraft.ModelChoice.train("hybrid", Optional.of(FaultyContributions.CONTEXT), 1));
            view.selectAttack("fgsm");
            view.setEpsilons("0.01");
            view.setAttackedSubjects(1);
            Path out = temp.resolve("faulty-run");
            ExperimentJob job = finished(view.run(out));
            List<ContributionFailure> failures = job.result().orElseThrow().failures();
            assertEquals(List.of(FaultyContributions.MODEL, FaultyContributions.CONTEXT),
                    failures.stream().map(ContributionFailure::contribution).toList());
            assertTrue(waitFor(() -> view.statusText().startsWith("Finished with 2 failed contributions"), 10), view.statusText());
            assertTrue(view.statusText().contains(FaultyContributions.MODEL_MESSAGE)
                    && view.statusText().contains(FaultyContributions.CONTEXT_MESSAGE), view.statusText());
            assertLogged(logged, FaultyContributions.MODEL_MESSAGE);
            assertLogged(logged, FaultyContributions.CONTEXT_MESSAGE);
            assertTrue(waitFor(() -> results().map(r -> r.output().map(o -> o.folder().equals(out.toAbsolutePath())).orElse(false))
                    .orElse(false), 10), "the results of what succeeded are shown");
            assertTrue(results().orElseThrow().titleText().endsWith("2 failed contributions"), results().orElseThrow().titleText());
            assertEquals(1, results().orElseThrow().modelsTable().getItemCount(), "the conventional model");
            assertEquals(1, results().orElseThrow().attacksTable().getItemCount(), "fgsm on it");
            Screenshots.save(window().getShell(), "faulty-contributions");

            // an attack that cannot even be created fails its cells, the run still finishes
            view.clearModels();
            view.addModel(ExperimentDraft.ModelChoice.load(out.resolve("models/conventional.zip")));
            view.selectAttack(FaultyContributions.ATTACK);
            ExperimentJob second = finished(view.run(temp.resolve("faulty-attack")));
            assertEquals(FaultyContributions.ATTACK, second.result().orElseThrow().failures().get(0).contribution());
            assertTrue(waitFor(() -> view.statusText().startsWith("Finished with 1 failed contribution"), 10), view.statusText());
            assertTrue(view.statusText().contains(FaultyContributions.ATTACK_MESSAGE), view.statusText());
            assertLogged(logged, FaultyContributions.ATTACK_MESSAGE);
        } finally {
            Platform.removeLogListener(listener);
            view.clearModels();
            view.selectAttack("fgsm");
        }
    }

    private static ExperimentJob finished(ExperimentJob job) {
        assertTrue(waitFor(() -> job.getState() == Job.NONE && job.getResult() != null, 300), "the run did not end in 5 min");
        assertTrue(job.getResult().isOK(), "the run failed instead of isolating the faulty plug-ins: " + job.getResult());
        return job;
    }

    private static Optional<ResultsView> results() {
        return Optional.ofNullable((ResultsView) window().getActivePage().findView(ResultsView.ID));
    }

    private static void assertLogged(List<IStatus> logged, String message) {
        assertTrue(logged.stream().anyMatch(status -> status.getSeverity() == IStatus.ERROR && status.getMessage().contains(message)),
                "an error in the Error Log says '" + message + "': " + logged);
    }
}

package org.perturba.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.perturba.core.registry.ContributionKind;
import org.perturba.ui.PerturbaPerspective;
import org.perturba.ui.datasets.DatasetView;
import org.perturba.ui.experiment.ExperimentView;
import org.perturba.ui.extensions.ExtensionsView;
import org.perturba.ui.results.ResultsView;

/** The Perturba application opens one window in the Perturba perspective with its views and the editor area. */
class WorkbenchWindowTest {

    @Test
    void opensAPerturbaWindowInThePerturbaPerspective() throws Exception {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        assertNotNull(window, "no workbench window is open");
        assertEquals("Perturba", window.getShell().getText());
        IWorkbenchPage page = window.getActivePage();
        assertEquals(PerturbaPerspective.ID, page.getPerspective().getId());
        assertEquals("Perturba", page.getPerspective().getLabel());
        assertTrue(page.isEditorAreaVisible(), "volumes open in the editor area");
        for (String id : new String[] { ExperimentView.ID, DatasetView.ID, ExtensionsView.ID, ResultsView.ID }) {
            assertNotNull(page.findViewReference(id), id + " is not in the perspective");
        }
        ExtensionsView extensions = (ExtensionsView) page.showView(ExtensionsView.ID);
        String attacks = extensions.idsOf(ContributionKind.ATTACK);
        assertTrue(attacks.contains("fgsm") && attacks.contains("random-noise"), "installed attacks: " + attacks);
        assertTrue(extensions.idsOf(ContributionKind.MODEL).contains("conventional"));
        assertEquals(List.of("contextSource : image"), extensions.detailsOf(ContributionKind.CONTEXT, "segmented-volumes"));
        assertEquals(List.of("contextSource : ground-truth-labels"),
                extensions.detailsOf(ContributionKind.CONTEXT, "label-volumes"));
        Screenshots.save(window.getShell(), "extensions-view");
    }
}

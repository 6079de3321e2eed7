package org.perturba.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.perturba.ui.PerturbaPerspective;

/** The Perturba application opens one window showing the (still empty) Perturba perspective. */
class WorkbenchWindowTest {

    @Test
    void opensAPerturbaWindowInThePerturbaPerspective() {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        assertNotNull(window, "no workbench window is open");
        assertEquals("Perturba", window.getShell().getText());
        IWorkbenchPage page = window.getActivePage();
        assertEquals(PerturbaPerspective.ID, page.getPerspective().getId());
        assertEquals("Perturba", page.getPerspective().getLabel());
        assertFalse(page.isEditorAreaVisible(), "the Perturba perspective hides the editor area");
    }
}

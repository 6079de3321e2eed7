package org.perturba.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.ui.datasets.DatasetView;
import org.perturba.ui.viewer.VolumeEditor;

/** A BIDS dataset lists its subjects with their ages; double-clicking one opens it with its labels. */
class DatasetViewTest {
    @BeforeAll
    static void noModalErrorDialogs() {
        org.eclipse.jface.dialogs.ErrorDialog.AUTOMATED_MODE = true; // a failure fails the test instead of waiting for a click
    }

    @TempDir
    Path temp;

    @Test
    void listsSubjectsAndOpensOneInTheViewer() throws Exception {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        TestVolumes.subject(temp);
        DatasetView view = (DatasetView) window.getActivePage().showView(DatasetView.ID, null, IWorkbenchPage.VIEW_ACTIVATE);
        view.open(temp);
        assertEquals(1, view.table().getItemCount());
        assertEquals("sub-01", view.table().getItem(0).getText(0));
        assertEquals("42.5", view.table().getItem(0).getText(1));
        view.table().setSelection(0);
        view.openSelected();
        IEditorPart editor = window.getActivePage().getActiveEditor();
        assertTrue(editor instanceof VolumeEditor, "opened: " + editor);
        assertTrue(((VolumeEditor) editor).scene().labels().isPresent());
        Screenshots.save(window.getShell(), "dataset-view");
        window.getActivePage().closeAllEditors(false);
    }
}

package org.perturba.ui.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.ui.experiment.ExperimentView;
import org.perturba.ui.results.ResultsView;
import org.perturba.ui.viewer.VolumeEditor;

/** What the workbench tests share: no modal error dialogs, a temporary folder, the window, no editors left open. */
abstract class WorkbenchTest {
    @TempDir
    Path temp;

    @BeforeAll
    static void noModalErrorDialogs() {
        ErrorDialog.AUTOMATED_MODE = true; // a failure fails the test instead of waiting for a click
    }

    static IWorkbenchWindow window() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow();
    }

    static ExperimentView experimentView() throws PartInitException {
        return (ExperimentView) window().getActivePage().showView(ExperimentView.ID, null, IWorkbenchPage.VIEW_ACTIVATE);
    }

    /** Runs the event loop until the condition holds or the time is up. */
    static boolean waitFor(BooleanSupplier condition, long seconds) {
        Display display = Display.getCurrent();
        long end = System.currentTimeMillis() + seconds * 1000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < end) {
            if (!display.readAndDispatch()) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return condition.getAsBoolean();
    }

    /** The editor once it has read its image in the background (it fails the test if it cannot). */
    static VolumeEditor loaded(VolumeEditor editor) {
        assertNotNull(editor, "the viewer did not open");
        assertTrue(waitFor(editor::isLoaded, 120), "the image was not shown: " + editor.messageText());
        return editor;
    }

    /** The Results view once it has read and shows an output folder. */
    static ResultsView results(Path folder) {
        ResultsView view = ResultsView.show(window(), folder);
        assertNotNull(view, "the Results view did not open");
        assertTrue(waitFor(() -> view.output().map(shown -> shown.folder().toAbsolutePath().equals(folder.toAbsolutePath())).orElse(false), 60),
                "the output was not shown: " + view.titleText());
        return view;
    }

    @AfterEach
    void closeEditors() {
        window().getActivePage().closeAllEditors(false);
    }
}

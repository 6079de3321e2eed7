package org.perturba.ui.tests;

import java.nio.file.Path;

import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

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

    @AfterEach
    void closeEditors() {
        window().getActivePage().closeAllEditors(false);
    }
}

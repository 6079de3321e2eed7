package org.perturba.ui.actions;

import java.nio.file.Path;

import org.eclipse.jface.action.Action;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.ui.IWorkbenchWindow;
import org.perturba.ui.results.ResultsView;

/** File > Open Experiment Output…: a run's output folder in the Results view. */
public final class OpenExperimentOutputAction extends Action {
    private final IWorkbenchWindow window;

    public OpenExperimentOutputAction(IWorkbenchWindow window) {
        super("Open &Experiment Output…");
        this.window = window;
        setId("org.perturba.ui.openExperimentOutput");
        setToolTipText("Open the output folder of a run (it holds summary.json)");
    }

    @Override
    public void run() {
        DirectoryDialog dialog = new DirectoryDialog(window.getShell());
        dialog.setText("Open Experiment Output");
        dialog.setMessage("Choose the output folder of a run (it holds summary.json)");
        String folder = dialog.open();
        if (folder != null) {
            ResultsView.show(window, Path.of(folder));
        }
    }
}

package org.perturba.ui.actions;

import java.nio.file.Path;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.perturba.ui.Errors;
import org.perturba.ui.viewer.VolumeEditor;
import org.perturba.ui.viewer.VolumeEditorInput;

/** File > Open Volume…: a NIfTI image in the volume viewer. */
public final class OpenVolumeAction extends Action {
    private final IWorkbenchWindow window;

    public OpenVolumeAction(IWorkbenchWindow window) {
        super("&Open Volume…");
        this.window = window;
        setId("org.perturba.ui.openVolume");
        setAccelerator(SWT.MOD1 | 'O');
        setToolTipText("Open a NIfTI image (.nii, .nii.gz) in the volume viewer");
    }

    @Override
    public void run() {
        FileDialog dialog = new FileDialog(window.getShell(), SWT.OPEN);
        dialog.setText("Open Volume");
        dialog.setFilterExtensions(new String[] { "*.nii.gz;*.nii", "*" });
        dialog.setFilterNames(new String[] { "NIfTI images (*.nii, *.nii.gz)", "All files" });
        String file = dialog.open();
        if (file != null) {
            open(window, new VolumeEditorInput(Path.of(file)));
        }
    }

    /**
     * Opens an image in the viewer, which reads it in the background (and shows there why it cannot);
     * an editor that cannot open is reported (logged and shown), never thrown.
     */
    public static VolumeEditor open(IWorkbenchWindow window, VolumeEditorInput input) {
        try {
            IEditorPart editor = window.getActivePage().openEditor(input, VolumeEditor.ID);
            return editor instanceof VolumeEditor viewer ? viewer : null;
        } catch (PartInitException e) {
            Errors.log(e.getStatus());
            ErrorDialog.openError(window.getShell(), "Perturba", "Cannot open " + input.getName(), e.getStatus());
            return null;
        }
    }
}

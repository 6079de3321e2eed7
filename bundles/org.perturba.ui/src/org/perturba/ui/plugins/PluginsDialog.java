package org.perturba.ui.plugins;

import java.util.List;
import java.util.stream.Stream;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.PlatformUI;
import org.perturba.core.installation.BundleDescription;
import org.perturba.core.installation.PluginInstallation;
import org.perturba.core.installation.PluginInstallationException;

/**
 * Help > Plug-ins…: the installed plug-ins with what they contribute, installed from a bundle jar,
 * a zip or a p2 repository folder and removed, as {@code perturba plugins} does; a change takes
 * effect when the workbench restarts, which the dialog offers.
 */
public final class PluginsDialog extends Dialog {
    private static final int RESTART_ID = IDialogConstants.CLIENT_ID + 1;

    private final PluginInstallation installation;
    private Table table;
    private Label status;
    private Button remove;
    private Button restart;

    public PluginsDialog(Shell parent, PluginInstallation installation) {
        super(parent);
        this.installation = installation;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Plug-ins");
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(area);
        table = new Table(area, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        table.setHeaderVisible(true);
        for (String title : new String[] { "Plug-in", "Version", "Contributes" }) {
            new TableColumn(table, SWT.LEFT).setText(title);
        }
        GridDataFactory.fillDefaults().grab(true, true).hint(640, 220).span(1, 3).applyTo(table);
        Button installFile = button(area, "Install from &File…");
        installFile.addListener(SWT.Selection, event -> chooseFile());
        Button installFolder = button(area, "Install from F&older…");
        installFolder.addListener(SWT.Selection, event -> chooseFolder());
        remove = button(area, "&Remove");
        remove.addListener(SWT.Selection, event -> removeSelected());
        table.addListener(SWT.Selection, event -> remove.setEnabled(table.getSelectionCount() == 1));
        status = new Label(area, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1).hint(640, SWT.DEFAULT).applyTo(status);
        refresh();
        return area;
    }

    private static Button button(Composite parent, String text) {
        Button button = new Button(parent, SWT.PUSH);
        button.setText(text);
        GridDataFactory.fillDefaults().align(SWT.FILL, SWT.BEGINNING).applyTo(button);
        return button;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        restart = createButton(parent, RESTART_ID, "Restart &Now", false);
        restart.setEnabled(false);
        createButton(parent, IDialogConstants.CLOSE_ID, IDialogConstants.CLOSE_LABEL, true);
    }

    @Override
    protected void buttonPressed(int buttonId) {
        if (buttonId == RESTART_ID) {
            close();
            PlatformUI.getWorkbench().restart();
        } else if (buttonId == IDialogConstants.CLOSE_ID) {
            close();
        } else {
            super.buttonPressed(buttonId);
        }
    }

    private void chooseFile() {
        FileDialog dialog = new FileDialog(getShell(), SWT.OPEN);
        dialog.setText("Install a Plug-in");
        dialog.setFilterExtensions(new String[] { "*.jar;*.zip", "*" });
        dialog.setFilterNames(new String[] { "Bundle jars and zipped repositories (*.jar, *.zip)", "All files" });
        String file = dialog.open();
        if (file != null) {
            install(file);
        }
    }

    private void chooseFolder() {
        DirectoryDialog dialog = new DirectoryDialog(getShell());
        dialog.setText("Install Plug-ins from a p2 Repository or Folder");
        String folder = dialog.open();
        if (folder != null) {
            install(folder);
        }
    }

    /** Installs what {@code source} offers and says what happened in the status line. */
    public void install(String source) {
        try {
            List<BundleDescription> installed = installation.install(source);
            changed("Installed " + String.join(", ", installed.stream().map(BundleDescription::toString).toList())
                    + ". Perturba loads it when it restarts.");
        } catch (PluginInstallationException e) {
            report(e.getMessage());
        }
    }

    private void removeSelected() {
        if (table.getSelectionCount() == 1) {
            remove(table.getSelection()[0].getText(0));
        }
    }

    /** Removes an installed plug-in and says what happened in the status line. */
    public void remove(String symbolicName) {
        try {
            PluginInstallation.InstalledBundle removed = installation.remove(symbolicName);
            changed("Removed " + removed.symbolicName() + " " + removed.version() + ". Perturba unloads it when it restarts.");
        } catch (PluginInstallationException e) {
            report(e.getMessage());
        }
    }

    /** What the status line says. */
    public String status() {
        return status.getText();
    }

    /** The plug-ins the table lists, as its rows' first cells. */
    public List<String> listed() {
        return Stream.of(table.getItems()).map(item -> item.getText(0)).toList();
    }

    private void changed(String message) {
        status.setText(message);
        restart.setEnabled(true);
        refresh();
    }

    private void report(String problem) {
        status.setText(problem);
    }

    private void refresh() {
        table.removeAll();
        try {
            for (PluginInstallation.Plugin plugin : installation.plugins()) {
                TableItem item = new TableItem(table, SWT.NONE);
                item.setText(new String[] { plugin.bundle().symbolicName(), plugin.bundle().version().toString(),
                        String.join(", ", plugin.contributions()) });
            }
        } catch (PluginInstallationException e) {
            report(e.getMessage());
        }
        for (TableColumn column : table.getColumns()) {
            column.pack();
        }
        remove.setEnabled(false);
        if (table.getItemCount() == 0 && status.getText().isEmpty()) {
            status.setText("No plug-ins installed. A plug-in is a bundle jar, a zip or a p2 repository: see Writing a plug-in.");
        }
    }
}

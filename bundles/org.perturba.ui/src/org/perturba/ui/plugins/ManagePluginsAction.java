package org.perturba.ui.plugins;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.IWorkbenchWindow;
import org.perturba.core.installation.PluginInstallation;
import org.perturba.core.installation.PluginInstallationException;

/** Help > Plug-ins…: {@link PluginsDialog} on this workbench's installation. */
public final class ManagePluginsAction extends Action {
    private final IWorkbenchWindow window;

    public ManagePluginsAction(IWorkbenchWindow window) {
        super("&Plug-ins…");
        this.window = window;
        setId("org.perturba.ui.plugins");
        setToolTipText("Install, list and remove plug-ins of this installation");
    }

    @Override
    public void run() {
        try {
            new PluginsDialog(window.getShell(), PluginInstallation.at(installationRoot())).open();
        } catch (PluginInstallationException e) {
            MessageDialog.openError(window.getShell(), "Plug-ins", e.getMessage());
        }
    }

    private static Path installationRoot() throws PluginInstallationException {
        URL location = Platform.getInstallLocation() == null ? null : Platform.getInstallLocation().getURL();
        if (location == null) {
            throw new PluginInstallationException("this workbench was started without an installation to add plug-ins to");
        }
        try {
            return Path.of(new URL(location.toString().replace(" ", "%20")).toURI());
        } catch (java.io.IOException | URISyntaxException | IllegalArgumentException e) {
            throw new PluginInstallationException("the installation " + location + " is no folder: " + e.getMessage(), e);
        }
    }
}

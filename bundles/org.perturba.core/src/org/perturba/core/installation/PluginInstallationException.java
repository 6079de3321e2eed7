package org.perturba.core.installation;

/** Why a plug-in cannot be installed or removed, in one line; the installation is left as it was. */
public final class PluginInstallationException extends Exception {
    private static final long serialVersionUID = 1L;

    public PluginInstallationException(String message) {
        super(message);
    }

    public PluginInstallationException(String message, Throwable cause) {
        super(message, cause);
    }
}

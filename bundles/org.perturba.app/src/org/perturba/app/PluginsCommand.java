package org.perturba.app;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.perturba.core.installation.BundleDescription;
import org.perturba.core.installation.PluginInstallation;
import org.perturba.core.installation.PluginInstallationException;
import org.perturba.experiment.json.Json;

/**
 * {@code perturba plugins install SOURCE | list [--json] | remove ID}: the plug-ins of this
 * installation, added and removed without rebuilding it ({@link PluginInstallation}); a change
 * takes effect when Perturba next starts.
 */
final class PluginsCommand implements Command {
    /** The installation this runtime was started from, as Equinox records it. */
    private static final String INSTALL_AREA = "osgi.install.area";

    @Override
    public String name() {
        return "plugins";
    }

    @Override
    public String synopsis() {
        return "install SOURCE | list [--json] | remove ID";
    }

    @Override
    public String summary() {
        return "install a plug-in (a bundle jar, a p2 repository folder, zip or URL), list or remove installed ones";
    }

    @Override
    public int run(List<String> arguments, Console console) throws UsageException, CommandFailedException {
        if (arguments.isEmpty()) {
            throw new UsageException("plugins needs an action: install SOURCE, list or remove ID");
        }
        List<String> rest = arguments.subList(1, arguments.size());
        try {
            PluginInstallation installation = PluginInstallation.at(installationRoot());
            switch (arguments.get(0)) {
                case "install" -> install(installation, Arguments.of("plugins install").operand("SOURCE").parse(rest).operand(0), console);
                case "list" -> list(installation, Arguments.of("plugins list").flag("--json").parse(rest).has("--json"), console);
                case "remove" -> {
                    String id = Arguments.of("plugins remove").operand("ID").parse(rest).operand(0);
                    PluginInstallation.InstalledBundle removed = installation.remove(id);
                    console.out().printf("removed %s %s; Perturba no longer loads it from its next start%n", removed.symbolicName(),
                            removed.version());
                }
                default -> throw new UsageException("unknown plugins action '" + arguments.get(0) + "' (install, list, remove)");
            }
        } catch (PluginInstallationException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
        return 0;
    }

    private static void install(PluginInstallation installation, String source, Console console) throws PluginInstallationException {
        for (BundleDescription bundle : installation.install(source)) {
            console.out().printf("installed %s %s%s%n", bundle.symbolicName(), bundle.version(),
                    bundle.contributions().isEmpty() ? "" : ": " + String.join(", ", bundle.contributions()));
        }
        console.out().println("Perturba loads it from its next start (perturba extensions lists what it contributes)");
    }

    private static void list(PluginInstallation installation, boolean json, Console console) throws PluginInstallationException {
        List<PluginInstallation.Plugin> plugins = installation.plugins();
        if (json) {
            List<Map<String, Object>> entries = plugins.stream().map(plugin -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("id", plugin.bundle().symbolicName());
                entry.put("version", plugin.bundle().version().toString());
                entry.put("contributions", plugin.contributions());
                return entry;
            }).toList();
            console.out().println(Json.writePretty(Map.of("plugins", entries)));
        } else if (plugins.isEmpty()) {
            console.out().println("no plug-ins installed (perturba plugins install SOURCE adds one)");
        } else {
            for (PluginInstallation.Plugin plugin : plugins) {
                console.out().printf("%-32s %-24s %s%n", plugin.bundle().symbolicName(), plugin.bundle().version(),
                        plugin.contributions().stream().collect(Collectors.joining(", ")));
            }
        }
    }

    private static Path installationRoot() throws CommandFailedException {
        String area = System.getProperty(INSTALL_AREA);
        if (area == null) {
            throw new CommandFailedException("this runtime records no installation (" + INSTALL_AREA + " is not set)");
        }
        try {
            return Path.of(new URL(area.replace(" ", "%20")).toURI());
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            throw new CommandFailedException("the installation " + area + " is no folder: " + e.getMessage(), e);
        }
    }
}

package org.perturba.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.core.installation.PluginInstallation;
import org.perturba.ui.plugins.PluginsDialog;

/** Help > Plug-ins… installs, lists and removes a plug-in, and says in one line why one does not fit. */
class PluginsDialogTest {
    private static final String BUNDLES_INFO = "configuration/org.eclipse.equinox.simpleconfigurator/bundles.info";

    @TempDir
    Path dir;

    /** A bundle jar: a symbolic name, a version, what it requires, and an attack it contributes. */
    private static Path jar(Path file, String name, String version, String requires, String attack) throws IOException {
        Manifest manifest = new Manifest();
        Attributes headers = manifest.getMainAttributes();
        headers.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.putValue("Bundle-ManifestVersion", "2");
        headers.putValue("Bundle-SymbolicName", name);
        headers.putValue("Bundle-Version", version);
        if (requires != null) {
            headers.putValue("Require-Bundle", requires);
        }
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new ZipEntry("plugin.xml"));
            jar.write(("<plugin><extension point=\"org.perturba.attacks\"><attack id=\"" + attack + "\"/></extension></plugin>")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    @Test
    void installsListsAndRemovesAPlugin() throws Exception {
        Path root = dir.resolve("perturba");
        jar(root.resolve("plugins/org.perturba.attack_0.1.0.jar"), "org.perturba.attack", "0.1.0", null, "fgsm");
        Files.createDirectories(root.resolve(BUNDLES_INFO).getParent());
        Files.writeString(root.resolve(BUNDLES_INFO), "org.perturba.attack,0.1.0,plugins/org.perturba.attack_0.1.0.jar,4,false\n");
        Path noise = jar(dir.resolve("noise.jar"), "org.example.noise", "1.0.0", "org.perturba.attack;bundle-version=\"[0.1.0,1.0.0)\"",
                "gaussian-noise");
        Path future = jar(dir.resolve("future.jar"), "org.example.future", "1.0.0", "org.perturba.attack;bundle-version=\"[0.9.0,1.0.0)\"",
                "future");

        PluginsDialog dialog = new PluginsDialog(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(),
                PluginInstallation.at(root));
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            assertEquals(List.of(), dialog.listed());
            dialog.install(noise.toString());
            assertEquals(List.of("org.example.noise"), dialog.listed());
            assertTrue(dialog.status().startsWith("Installed org.example.noise 1.0.0."), dialog.status());
            Screenshots.save(dialog.getShell(), "plugins");

            dialog.install(future.toString());
            assertTrue(dialog.status().endsWith("it was built for a newer Perturba"), dialog.status());
            assertEquals(List.of("org.example.noise"), dialog.listed());

            dialog.remove("org.example.noise");
            assertEquals(List.of(), dialog.listed());
            assertTrue(dialog.status().startsWith("Removed org.example.noise 1.0.0."), dialog.status());
        } finally {
            dialog.close();
        }
    }
}

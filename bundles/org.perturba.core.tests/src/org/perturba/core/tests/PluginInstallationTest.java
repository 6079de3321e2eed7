package org.perturba.core.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.core.installation.PluginInstallation;
import org.perturba.core.installation.PluginInstallationException;
import org.perturba.core.installation.PluginSource;

import com.sun.net.httpserver.HttpServer;

/**
 * Plug-ins added to and removed from an installation: a small one of two bundles (an API bundle
 * exporting a package, contributing an attack), and plug-ins that fit it or do not. A refused
 * plug-in leaves every file of the installation as it was.
 */
class PluginInstallationTest {
    private static final String BUNDLES_INFO = "configuration/org.eclipse.equinox.simpleconfigurator/bundles.info";

    @TempDir
    Path dir;
    Path root;

    @BeforeEach
    void installation() throws IOException {
        root = dir.resolve("perturba");
        Files.createDirectories(root.resolve("plugins"));
        Files.createDirectories(root.resolve(BUNDLES_INFO).getParent());
        bundle(root.resolve("plugins/org.perturba.attack_0.1.0.v1.jar"), Map.of("Bundle-SymbolicName", "org.perturba.attack;singleton:=true",
                "Bundle-Version", "0.1.0.v1", "Export-Package", "org.perturba.attack;version=\"0.1.0\""), contributions("random-noise"));
        bundle(root.resolve("plugins/com.google.gson_2.13.1.jar"), Map.of("Bundle-SymbolicName", "com.google.gson",
                "Bundle-Version", "2.13.1", "Export-Package", "com.google.gson;version=\"2.13.1\""), null);
        Files.writeString(root.resolve(BUNDLES_INFO), "#encoding=UTF-8\n#version=1\n"
                + "com.google.gson,2.13.1,plugins/com.google.gson_2.13.1.jar,4,false\n"
                + "org.perturba.attack,0.1.0.v1,plugins/org.perturba.attack_0.1.0.v1.jar,4,false\n");
    }

    private static String contributions(String... attackIds) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<plugin>\n <extension point=\"org.perturba.attacks\">\n");
        for (String id : attackIds) {
            xml.append("  <attack id=\"").append(id).append("\" name=\"").append(id).append("\" class=\"x.Y\"/>\n");
        }
        return xml.append(" </extension>\n</plugin>\n").toString();
    }

    private static Path bundle(Path jar, Map<String, String> headers, String pluginXml) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        headers.forEach(manifest.getMainAttributes()::putValue);
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            if (pluginXml != null) {
                out.putNextEntry(new ZipEntry("plugin.xml"));
                out.write(pluginXml.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    private Path plugin(String name, String requirement, String... attackIds) throws IOException {
        return bundle(dir.resolve("offered/" + name + ".jar"), Map.of("Bundle-SymbolicName", name + ";singleton:=true", "Bundle-Version",
                "1.0.0.q", "Require-Bundle", requirement, "Import-Package", "com.google.gson;version=\"[2.13.0,3.0.0)\",javax.xml.parsers"),
                contributions(attackIds));
    }

    /** Every file of the installation and its bytes. */
    private Map<String, byte[]> snapshot() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    private void assertUnchanged(Map<String, byte[]> before) throws IOException {
        Map<String, byte[]> after = snapshot();
        assertEquals(before.keySet(), after.keySet());
        before.forEach((file, bytes) -> assertArrayEquals(bytes, after.get(file), file));
    }

    @Test
    void aPluginIsListedInstalledAndRemoved() throws Exception {
        PluginInstallation installation = PluginInstallation.at(root);
        Path offered = plugin("org.example.noise", "org.perturba.attack;bundle-version=\"[0.1.0,1.0.0)\"", "gaussian-noise");
        installation.install(List.of(offered));
        assertTrue(Files.readString(root.resolve(BUNDLES_INFO))
                .contains("org.example.noise,1.0.0.q,plugins/org.example.noise_1.0.0.q.jar,4,false"));
        assertTrue(Files.isRegularFile(root.resolve("plugins/org.example.noise_1.0.0.q.jar")));
        List<PluginInstallation.Plugin> plugins = installation.plugins();
        assertEquals(1, plugins.size());
        assertEquals("org.example.noise", plugins.get(0).bundle().symbolicName());
        assertEquals(List.of("attack:gaussian-noise"), plugins.get(0).contributions());

        installation.remove("org.example.noise");
        assertFalse(Files.readString(root.resolve(BUNDLES_INFO)).contains("org.example.noise"));
        assertFalse(Files.exists(root.resolve("plugins/org.example.noise_1.0.0.q.jar")));
        assertTrue(installation.plugins().isEmpty());
    }

    @Test
    void aPluginBuiltForANewerPerturbaIsRefusedAndChangesNothing() throws Exception {
        Map<String, byte[]> before = snapshot();
        Path offered = plugin("org.example.future", "org.perturba.attack;bundle-version=\"[0.2.0,1.0.0)\"", "future");
        PluginInstallationException refusal = assertThrows(PluginInstallationException.class,
                () -> PluginInstallation.at(root).install(List.of(offered)));
        assertEquals("org.example.future 1.0.0.q needs org.perturba.attack [0.2.0,1.0.0), and this installation has 0.1.0.v1:"
                + " it was built for a newer Perturba", refusal.getMessage());
        assertUnchanged(before);
    }

    @Test
    void aMissingDependencyIsRefusedAndChangesNothing() throws Exception {
        Map<String, byte[]> before = snapshot();
        Path offered = plugin("org.example.lonely", "org.example.util;bundle-version=\"1.0.0\"", "lonely");
        PluginInstallationException refusal = assertThrows(PluginInstallationException.class,
                () -> PluginInstallation.at(root).install(List.of(offered)));
        assertTrue(refusal.getMessage().startsWith("org.example.lonely 1.0.0.q needs the bundle org.example.util"), refusal.getMessage());
        assertUnchanged(before);
        Path importer = bundle(dir.resolve("offered/importer.jar"), Map.of("Bundle-SymbolicName", "org.example.importer",
                "Bundle-Version", "1.0.0", "Import-Package", "org.example.missing;version=\"1.0.0\""), null);
        refusal = assertThrows(PluginInstallationException.class, () -> PluginInstallation.at(root).install(List.of(importer)));
        assertTrue(refusal.getMessage().contains("imports the package org.example.missing"), refusal.getMessage());
        assertUnchanged(before);
    }

    @Test
    void anIdAnotherBundleContributesIsRefused() throws Exception {
        Map<String, byte[]> before = snapshot();
        Path offered = plugin("org.example.copycat", "org.perturba.attack", "random-noise");
        PluginInstallationException refusal = assertThrows(PluginInstallationException.class,
                () -> PluginInstallation.at(root).install(List.of(offered)));
        assertEquals("org.example.copycat 1.0.0.q contributes the attack 'random-noise', which org.perturba.attack 0.1.0.v1 contributes"
                + " already: ids are shared by all plug-ins", refusal.getMessage());
        assertUnchanged(before);
    }

    @Test
    void bundlesOfTheProductAreNotPlugins() throws Exception {
        Map<String, byte[]> before = snapshot();
        PluginInstallation installation = PluginInstallation.at(root);
        assertEquals("org.perturba.attack is part of Perturba, not an installed plug-in",
                assertThrows(PluginInstallationException.class, () -> installation.remove("org.perturba.attack")).getMessage());
        assertTrue(assertThrows(PluginInstallationException.class, () -> installation.remove("org.example.none")).getMessage()
                .startsWith("no plug-in 'org.example.none' is installed"));
        assertUnchanged(before);
    }

    @Test
    void aRepositoryFolderOffersItsPluginsAndTheInstalledBundlesAreNotAddedTwice() throws Exception {
        Path repository = dir.resolve("repository");
        plugin("org.example.noise", "org.perturba.attack;bundle-version=\"[0.1.0,1.0.0)\"", "gaussian-noise");
        Files.createDirectories(repository.resolve("plugins"));
        Files.copy(dir.resolve("offered/org.example.noise.jar"), repository.resolve("plugins/org.example.noise_1.0.0.q.jar"));
        Files.copy(root.resolve("plugins/org.perturba.attack_0.1.0.v1.jar"), repository.resolve("plugins/org.perturba.attack_0.1.0.v1.jar"));
        bundle(repository.resolve("plugins/org.example.noise.source_1.0.0.q.jar"), Map.of("Bundle-SymbolicName", "org.example.noise.source",
                "Bundle-Version", "1.0.0.q", "Eclipse-SourceBundle", "org.example.noise;version=\"1.0.0.q\""), null);
        List<Path> offered = PluginSource.bundles(repository.toString(), dir.resolve("scratch"));
        assertEquals(3, offered.size());
        var installed = PluginInstallation.at(root).install(offered);
        assertEquals(List.of("org.example.noise"), installed.stream().map(bundle -> bundle.symbolicName()).toList());
    }

    @Test
    void aZippedRepositoryAndAFileUrlOfferTheirBundles() throws Exception {
        Path offered = plugin("org.example.noise", "org.perturba.attack;bundle-version=\"[0.1.0,1.0.0)\"", "gaussian-noise");
        Path zip = dir.resolve("repository.zip");
        try (OutputStream file = Files.newOutputStream(zip); var out = new java.util.zip.ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry("plugins/org.example.noise_1.0.0.q.jar"));
            Files.copy(offered, out);
            out.closeEntry();
            out.putNextEntry(new ZipEntry("artifacts.xml"));
            out.closeEntry();
        }
        List<Path> fromZip = PluginSource.bundles(zip.toString(), dir.resolve("scratch"));
        assertEquals(List.of("org.example.noise_1.0.0.q.jar"), fromZip.stream().map(path -> path.getFileName().toString()).toList());
        assertEquals(List.of(offered), PluginSource.bundles(offered.toUri().toString(), dir.resolve("scratch")));

        Path escaping = dir.resolve("escaping.zip");
        try (OutputStream file = Files.newOutputStream(escaping); var out = new java.util.zip.ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry("../outside.jar"));
            out.closeEntry();
        }
        assertTrue(assertThrows(PluginInstallationException.class, () -> PluginSource.bundles(escaping.toString(), dir.resolve("other")))
                .getMessage().contains("has an entry outside itself: ../outside.jar"));
        assertFalse(Files.exists(dir.resolve("outside.jar")));
    }

    @Test
    void aRepositoryOnAServerOffersTheBundlesItsArtifactIndexNames() throws Exception {
        Path repository = dir.resolve("served");
        Path offered = plugin("org.example.noise", "org.perturba.attack;bundle-version=\"[0.1.0,1.0.0)\"", "gaussian-noise");
        Files.createDirectories(repository.resolve("plugins"));
        Files.copy(offered, repository.resolve("plugins/org.example.noise_1.0.0.q.jar"));
        Files.writeString(repository.resolve("artifacts.xml"), "<?xml version='1.0'?>\n<repository><artifacts size='2'>"
                + "<artifact classifier='osgi.bundle' id='org.example.noise' version='1.0.0.q'/>"
                + "<artifact classifier='org.eclipse.update.feature' id='org.example.noise.feature' version='1.0.0.q'/>"
                + "</artifacts></repository>\n");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = repository.resolve(exchange.getRequestURI().getPath().substring("/repo/".length()));
            boolean found = Files.isRegularFile(file);
            exchange.sendResponseHeaders(found ? 200 : 404, found ? Files.size(file) : -1);
            if (found) {
                Files.copy(file, exchange.getResponseBody());
            }
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/repo";
            var installed = PluginInstallation.at(root).install(url);
            assertEquals(List.of("org.example.noise"), installed.stream().map(bundle -> bundle.symbolicName()).toList());
            assertTrue(Files.isRegularFile(root.resolve("plugins/org.example.noise_1.0.0.q.jar")));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void whatIsNoInstallationOrNoBundleIsRefusedInOneLine() throws Exception {
        assertTrue(assertThrows(PluginInstallationException.class, () -> PluginInstallation.at(dir)).getMessage()
                .endsWith("is no Perturba installation: it has no " + BUNDLES_INFO));
        Path text = Files.writeString(dir.resolve("notes.jar"), "not a jar");
        assertTrue(assertThrows(PluginInstallationException.class, () -> PluginSource.bundles(text.toString(), dir.resolve("scratch")))
                .getMessage().contains("notes.jar"));
        assertTrue(assertThrows(PluginInstallationException.class, () -> PluginSource.bundles(dir.resolve("nowhere").toString(),
                dir.resolve("scratch"))).getMessage().endsWith("does not exist"));
    }
}

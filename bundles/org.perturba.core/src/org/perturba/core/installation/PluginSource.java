package org.perturba.core.installation;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Where a plug-in is installed from, as {@code perturba plugins install SOURCE} names it: a bundle
 * jar; a p2 repository or any folder of bundle jars (its {@code plugins/} folder when it has one);
 * a zip of either; or a URL of a jar, a zip or a p2 repository on a server.
 */
public final class PluginSource {
    /** The largest download or zip entry taken: far above any plug-in. */
    private static final long MAX_BYTES = 1L << 30;

    private PluginSource() {
    }

    /**
     * The bundle jars {@code source} offers, fetched or unpacked into {@code scratch} where needed.
     *
     * @throws PluginInstallationException when it is none of the above, or cannot be read
     */
    public static List<Path> bundles(String source, Path scratch) throws PluginInstallationException {
        try {
            boolean remote = source.matches("(?i)(https?|ftp):.*");
            String lower = source.toLowerCase(Locale.ROOT);
            if (remote && !lower.endsWith(".jar") && !lower.endsWith(".zip")) {
                return remoteRepository(URI.create(source.endsWith("/") ? source : source + "/"), scratch);
            }
            Path local = remote ? download(URI.create(source), scratch)
                    : lower.startsWith("file:") ? Path.of(URI.create(source)) : Path.of(source);
            if (!Files.exists(local)) {
                throw new PluginInstallationException(source + " does not exist");
            }
            if (Files.isDirectory(local)) {
                return jarsIn(Files.isDirectory(local.resolve("plugins")) ? local.resolve("plugins") : local, source);
            }
            if (isJarBundle(local)) {
                return List.of(local);
            }
            return jarsIn(unzip(local, scratch.resolve("unzipped")), source);
        } catch (IOException | IllegalArgumentException e) {
            throw new PluginInstallationException(source + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<Path> jarsIn(Path folder, String source) throws IOException, PluginInstallationException {
        Path plugins = Files.isDirectory(folder.resolve("plugins")) ? folder.resolve("plugins") : folder;
        List<Path> jars;
        try (Stream<Path> files = Files.list(plugins)) {
            jars = files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        if (jars.isEmpty()) {
            throw new PluginInstallationException(source + " holds no bundle (no .jar in " + plugins.getFileName() + "/)");
        }
        return jars;
    }

    /** A jar with a manifest, as opposed to a zip of a repository. */
    private static boolean isJarBundle(Path file) throws IOException, PluginInstallationException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.getEntry("META-INF/MANIFEST.MF") != null;
        } catch (java.util.zip.ZipException e) {
            throw new PluginInstallationException(file.getFileName() + " is neither a folder nor a jar or zip file", e);
        }
    }

    private static Path unzip(Path zipFile, Path into) throws IOException, PluginInstallationException {
        Files.createDirectories(into);
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new PluginInstallationException(zipFile.getFileName() + " has an entry outside itself: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    copyBounded(in, target, entry.getName());
                }
            }
        }
        return into;
    }

    /**
     * The bundles of a p2 repository on a server, as Tycho writes one: its artifact index
     * ({@code artifacts.jar}, else {@code artifacts.xml}) names them, and each is fetched from
     * {@code plugins/ID_VERSION.jar}.
     */
    private static List<Path> remoteRepository(URI repository, Path scratch) throws IOException, PluginInstallationException {
        Path index;
        try {
            index = download(repository.resolve("artifacts.jar"), scratch);
        } catch (IOException e) {
            index = download(repository.resolve("artifacts.xml"), scratch);
        }
        List<String> files = new ArrayList<>();
        try (InputStream xml = index.getFileName().toString().endsWith(".jar") ? zippedEntry(index, "artifacts.xml")
                : Files.newInputStream(index)) {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList artifacts = factory.newDocumentBuilder().parse(xml).getElementsByTagName("artifact");
            for (int i = 0; i < artifacts.getLength(); i++) {
                Element artifact = (Element) artifacts.item(i);
                if ("osgi.bundle".equals(artifact.getAttribute("classifier"))) {
                    String file = artifact.getAttribute("id") + "_" + artifact.getAttribute("version") + ".jar";
                    if (!file.matches("[\\w.-]+\\.jar")) {
                        throw new PluginInstallationException(repository + " names a bundle file that is no plain name: " + file);
                    }
                    files.add(file);
                }
            }
        } catch (ParserConfigurationException | SAXException e) {
            throw new PluginInstallationException(repository + ": its artifact index cannot be read: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new PluginInstallationException(repository + " holds no bundle (its artifact index lists none)");
        }
        List<Path> bundles = new ArrayList<>();
        for (String file : files) {
            bundles.add(download(repository.resolve("plugins/" + file), scratch.resolve("plugins")));
        }
        return bundles;
    }

    private static InputStream zippedEntry(Path zipFile, String name) throws IOException, PluginInstallationException {
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            ZipEntry entry = zip.getEntry(name);
            if (entry == null) {
                throw new PluginInstallationException(zipFile.getFileName() + " holds no " + name);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return new java.io.ByteArrayInputStream(in.readAllBytes());
            }
        }
    }

    private static Path download(URI uri, Path scratch) throws IOException, PluginInstallationException {
        String name = Path.of(uri.getPath().isEmpty() ? "download" : uri.getPath()).getFileName().toString();
        Path target = scratch.resolve(name.isEmpty() ? "download" : name);
        Files.createDirectories(scratch);
        try (InputStream in = uri.toURL().openStream()) {
            copyBounded(in, target, uri.toString());
        }
        return target;
    }

    private static void copyBounded(InputStream in, Path target, String what) throws IOException, PluginInstallationException {
        Files.copy(new BoundedInputStream(in, MAX_BYTES), target, StandardCopyOption.REPLACE_EXISTING);
        if (Files.size(target) >= MAX_BYTES) {
            throw new PluginInstallationException(what + " is larger than " + (MAX_BYTES >> 20) + " MB");
        }
    }

    /** Reads at most a given number of bytes. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            left -= b >= 0 ? 1 : 0;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int read = super.read(buffer, offset, (int) Math.min(length, left));
            left -= Math.max(read, 0);
            return read;
        }
    }
}

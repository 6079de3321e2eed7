package org.perturba.core.installation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.eclipse.osgi.util.ManifestElement;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What installing a bundle needs to know of it, read from its manifest and {@code plugin.xml}
 * without loading it: its name and version, what it requires and exports, and the ids it
 * contributes to Perturba's extension points.
 *
 * @param contributions the ids of its attacks, models and context extractors, as {@code kind:id}
 * @param sourceBundle whether it holds another bundle's source code ({@code Eclipse-SourceBundle})
 */
public record BundleDescription(String symbolicName, Version version, List<Requirement> requiredBundles,
        List<Requirement> importedPackages, List<Export> exportedPackages, List<String> contributions, boolean sourceBundle) {

    /** A required bundle or imported package, with the versions it accepts. */
    public record Requirement(String name, VersionRange range, boolean optional) {
    }

    /** An exported package and its version. */
    public record Export(String name, Version version) {
    }

    /** Perturba's extension points and the element each contribution is. */
    private static final List<String> EXTENSION_POINTS = List.of("org.perturba.attacks", "org.perturba.models", "org.perturba.context");

    /**
     * Reads a bundle: a jar, or a folder with {@code META-INF/MANIFEST.MF}.
     *
     * @throws PluginInstallationException when it is no OSGi bundle or its headers are malformed
     */
    public static BundleDescription read(Path bundle) throws PluginInstallationException {
        try {
            if (Files.isDirectory(bundle)) {
                Path manifest = bundle.resolve(JarFile.MANIFEST_NAME);
                Path contributions = bundle.resolve("plugin.xml");
                try (InputStream in = Files.newInputStream(manifest)) {
                    return describe(bundle, new Manifest(in), Files.isRegularFile(contributions) ? Files.readAllBytes(contributions) : null);
                }
            }
            try (JarFile jar = new JarFile(bundle.toFile())) {
                Manifest manifest = jar.getManifest();
                if (manifest == null) {
                    throw new PluginInstallationException(bundle.getFileName() + " has no manifest: it is no OSGi bundle");
                }
                ZipEntry contributions = jar.getEntry("plugin.xml");
                byte[] xml = null;
                if (contributions != null) {
                    try (InputStream in = jar.getInputStream(contributions)) {
                        xml = in.readAllBytes();
                    }
                }
                return describe(bundle, manifest, xml);
            }
        } catch (IOException e) {
            throw new PluginInstallationException(bundle.getFileName() + " cannot be read as a bundle: " + e.getMessage(), e);
        }
    }

    private static BundleDescription describe(Path bundle, Manifest manifest, byte[] pluginXml) throws PluginInstallationException {
        String name = bundle.getFileName().toString();
        try {
            ManifestElement[] symbolicName = header(manifest, Constants.BUNDLE_SYMBOLICNAME);
            if (symbolicName.length != 1) {
                throw new PluginInstallationException(name + " has no Bundle-SymbolicName: it is no OSGi bundle");
            }
            String version = manifest.getMainAttributes().getValue(Constants.BUNDLE_VERSION);
            List<Requirement> bundles = new ArrayList<>();
            for (ManifestElement element : header(manifest, Constants.REQUIRE_BUNDLE)) {
                bundles.add(new Requirement(element.getValue(), range(element.getAttribute(Constants.BUNDLE_VERSION_ATTRIBUTE)),
                        Constants.RESOLUTION_OPTIONAL.equals(element.getDirective(Constants.RESOLUTION_DIRECTIVE))));
            }
            List<Requirement> packages = new ArrayList<>();
            for (ManifestElement element : header(manifest, Constants.IMPORT_PACKAGE)) {
                boolean optional = Constants.RESOLUTION_OPTIONAL.equals(element.getDirective(Constants.RESOLUTION_DIRECTIVE));
                for (String packageName : element.getValueComponents()) {
                    packages.add(new Requirement(packageName, range(element.getAttribute(Constants.VERSION_ATTRIBUTE)), optional));
                }
            }
            List<Export> exports = new ArrayList<>();
            for (ManifestElement element : header(manifest, Constants.EXPORT_PACKAGE)) {
                String exported = element.getAttribute(Constants.VERSION_ATTRIBUTE);
                for (String packageName : element.getValueComponents()) {
                    exports.add(new Export(packageName, exported == null ? Version.emptyVersion : Version.parseVersion(exported)));
                }
            }
            return new BundleDescription(symbolicName[0].getValue(), version == null ? Version.emptyVersion : Version.parseVersion(version),
                    List.copyOf(bundles), List.copyOf(packages), List.copyOf(exports), contributions(name, pluginXml),
                    manifest.getMainAttributes().getValue("Eclipse-SourceBundle") != null);
        } catch (BundleException | IllegalArgumentException e) {
            throw new PluginInstallationException(name + " has a malformed manifest: " + e.getMessage(), e);
        }
    }

    private static ManifestElement[] header(Manifest manifest, String header) throws BundleException {
        ManifestElement[] elements = ManifestElement.parseHeader(header, manifest.getMainAttributes().getValue(header));
        return elements == null ? new ManifestElement[0] : elements;
    }

    private static VersionRange range(String text) {
        return new VersionRange(text == null ? "0.0.0" : text);
    }

    /** The {@code kind:id} of every contribution to Perturba's extension points in {@code plugin.xml}. */
    private static List<String> contributions(String name, byte[] pluginXml) throws PluginInstallationException {
        if (pluginXml == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList extensions = factory.newDocumentBuilder().parse(new ByteArrayInputStream(pluginXml))
                    .getElementsByTagName("extension");
            for (int i = 0; i < extensions.getLength(); i++) {
                Element extension = (Element) extensions.item(i);
                if (!EXTENSION_POINTS.contains(extension.getAttribute("point"))) {
                    continue;
                }
                for (Node child = extension.getFirstChild(); child != null; child = child.getNextSibling()) {
                    if (child instanceof Element contribution && contribution.hasAttribute("id")) {
                        ids.add(contribution.getTagName() + ":" + contribution.getAttribute("id"));
                    }
                }
            }
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new PluginInstallationException(name + ": plugin.xml cannot be read: " + e.getMessage(), e);
        }
        return List.copyOf(ids);
    }

    @Override
    public String toString() {
        return symbolicName + " " + version;
    }
}

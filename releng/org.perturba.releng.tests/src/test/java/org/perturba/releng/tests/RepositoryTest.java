package org.perturba.releng.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The p2 repository {@code ./mvnw verify} writes (releng/org.perturba.repository): what an
 * installation and a plug-in's target definition read, self-contained, categorised, with the SDK.
 */
class RepositoryTest {
    private static final Path REPOSITORY = BundleManifest.ROOT.resolve("releng/org.perturba.repository/target/repository");
    /** Installable units by id: their versions and properties. */
    private static final Map<String, Map<String, String>> UNITS = new HashMap<>();

    @BeforeAll
    static void readMetadata() throws Exception {
        try (ZipFile content = new ZipFile(REPOSITORY.resolve("content.jar").toFile())) {
            ZipEntry xml = content.getEntry("content.xml");
            assertNotNull(xml, "content.jar holds no content.xml");
            try (InputStream in = content.getInputStream(xml)) {
                NodeList units = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in).getElementsByTagName("unit");
                for (int i = 0; i < units.getLength(); i++) {
                    Element unit = (Element) units.item(i);
                    Map<String, String> properties = new HashMap<>();
                    properties.put("version", unit.getAttribute("version"));
                    NodeList children = unit.getElementsByTagName("property");
                    for (int j = 0; j < children.getLength(); j++) {
                        Element property = (Element) children.item(j);
                        properties.put(property.getAttribute("name"), property.getAttribute("value"));
                    }
                    UNITS.put(unit.getAttribute("id"), properties);
                }
            }
        }
    }

    @Test
    void offersTheRuntimesAndTheSdkInCategories() {
        for (String feature : List.of("org.perturba.headless.feature", "org.perturba.rcp.feature", "org.perturba.sdk.feature")) {
            Map<String, String> unit = UNITS.get(feature + ".feature.group");
            assertNotNull(unit, feature + " is not in the repository");
            assertTrue(unit.get("version").startsWith("0.1.0."), feature + " " + unit.get("version"));
        }
        Set<String> categories = UNITS.values().stream().filter(unit -> "true".equals(unit.get("org.eclipse.equinox.p2.type.category")))
                .map(unit -> unit.get("org.eclipse.equinox.p2.name")).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("Perturba", "Perturba SDK")), categories);
    }

    @Test
    void theSdkCarriesTheSourceOfTheApiBundlesAndTheSchemas() throws IOException {
        for (String bundle : List.of("core", "imaging", "anatomy", "model", "attack", "example.attack")) {
            assertNotNull(UNITS.get("org.perturba." + bundle + ".source"), "no source bundle of org.perturba." + bundle);
        }
        Path core = single("org.perturba.core_");
        try (ZipFile jar = new ZipFile(core.toFile())) {
            for (String schema : List.of("attacks", "models", "context")) {
                assertNotNull(jar.getEntry("schema/" + schema + ".exsd"), core + " lacks schema/" + schema + ".exsd");
            }
        }
    }

    @Test
    void isSelfContained() throws IOException {
        // what a plug-in builds against and an installation resolves with: the framework, the
        // platform runtime and the libraries, beside Perturba's own bundles
        for (String unit : List.of("org.eclipse.osgi", "org.eclipse.core.runtime", "org.eclipse.equinox.launcher", "com.google.gson",
                "org.perturba.dl4j", "org.perturba.attack")) {
            assertNotNull(UNITS.get(unit), unit + " is not in the repository");
        }
        List<String> missing = new ArrayList<>();
        for (String bundle : List.of("org.perturba.core_", "org.perturba.attack_", "org.perturba.dl4j_", "org.perturba.attack.source_")) {
            if (matching(bundle).isEmpty()) {
                missing.add(bundle);
            }
        }
        assertTrue(missing.isEmpty(), "no artifact in plugins/ for " + missing);
    }

    private static List<Path> matching(String prefix) throws IOException {
        try (var files = Files.list(REPOSITORY.resolve("plugins"))) {
            return files.filter(file -> file.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    private static Path single(String prefix) throws IOException {
        List<Path> files = matching(prefix);
        assertEquals(1, files.size(), "plugins/" + prefix + "*: " + files);
        return files.get(0);
    }
}

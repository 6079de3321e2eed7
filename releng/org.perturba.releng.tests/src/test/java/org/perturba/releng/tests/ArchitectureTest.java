package org.perturba.releng.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The dependency rules of DESIGN.md, enforced on every build. */
class ArchitectureTest {
    private static final Pattern UI_TOOLKIT = Pattern.compile("(org\\.eclipse\\.(swt|jface|ui)|java\\.awt|javax\\.swing)(\\..*)?");
    /** Off-screen raster drawing (BufferedImage, Graphics2D) for report figures: no window, no toolkit. */
    private static final Pattern OFFSCREEN_AWT = Pattern.compile("java\\.awt(\\.(geom|image|font))?\\.[A-Z]\\w*");
    private static final Set<String> OFFSCREEN_AWT_BUNDLES = Set.of("org.perturba.report", "org.perturba.report.tests");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)");

    /** Perturba bundles each bundle may require; anything else is a layering violation. */
    private static final Map<String, Set<String>> ALLOWED_PERTURBA_DEPENDENCIES = Map.ofEntries(
            Map.entry("org.perturba.core", Set.of()),
            Map.entry("org.perturba.imaging", Set.of()),
            Map.entry("org.perturba.anatomy", Set.of("org.perturba.imaging")),
            Map.entry("org.perturba.dl4j", Set.of()),
            Map.entry("org.perturba.model", Set.of("org.perturba.imaging", "org.perturba.anatomy", "org.perturba.dl4j", "org.perturba.onnx")),
            // ONNX files and their graphs on ND4J: knows no brain-age model
            Map.entry("org.perturba.onnx", Set.of("org.perturba.dl4j")),
            Map.entry("org.perturba.segmentation", Set.of("org.perturba.imaging", "org.perturba.anatomy", "org.perturba.model",
                    "org.perturba.dl4j")),
            Map.entry("org.perturba.attack", Set.of("org.perturba.model", "org.perturba.imaging")),
            Map.entry("org.perturba.experiment", Set.of("org.perturba.core", "org.perturba.imaging", "org.perturba.anatomy",
                    "org.perturba.attack", "org.perturba.model", "org.perturba.segmentation", "org.perturba.report")),
            Map.entry("org.perturba.app", Set.of("org.perturba.core", "org.perturba.imaging", "org.perturba.anatomy",
                    "org.perturba.model", "org.perturba.segmentation", "org.perturba.experiment")),
            Map.entry("org.perturba.report", Set.of("org.perturba.imaging")),
            // the workbench shows images, label maps and report charts, and runs experiments
            Map.entry("org.perturba.ui", Set.of("org.perturba.core", "org.perturba.experiment", "org.perturba.imaging",
                    "org.perturba.anatomy", "org.perturba.report")),
            // a contributed attack needs only the attack API (which re-exports the model API)
            Map.entry("org.perturba.example.attack", Set.of("org.perturba.attack")));

    /** Plain Java libraries: they must also run on a flat class path, without Equinox. */
    private static final Set<String> PLAIN_JAVA = Set.of("org.perturba.imaging", "org.perturba.anatomy",
            "org.perturba.model", "org.perturba.onnx", "org.perturba.segmentation", "org.perturba.attack", "org.perturba.experiment",
            "org.perturba.report", "org.perturba.example.attack");

    @Test
    void onlyUiBundlesUseUiToolkits() throws IOException {
        List<String> violations = new ArrayList<>();
        for (BundleManifest bundle : BundleManifest.all()) {
            if (bundle.symbolicName().startsWith("org.perturba.ui")) {
                continue;
            }
            boolean offscreen = OFFSCREEN_AWT_BUNDLES.contains(bundle.symbolicName());
            Stream.concat(bundle.requiredBundles().stream(), bundle.importedPackages().stream())
                    .filter(name -> UI_TOOLKIT.matcher(name).matches())
                    .forEach(name -> violations.add(bundle.symbolicName() + " MANIFEST.MF: " + name));
            for (Path source : bundle.sources()) {
                imports(source).stream().filter(name -> UI_TOOLKIT.matcher(name).matches())
                        .filter(name -> !(offscreen && OFFSCREEN_AWT.matcher(name).matches()))
                        .forEach(name -> violations.add(source + ": import " + name));
            }
        }
        assertTrue(violations.isEmpty(), "UI toolkit used below the UI layer:\n" + String.join("\n", violations));
    }

    @Test
    void bundlesRequireOnlyTheLayersBelowThem() {
        List<String> violations = new ArrayList<>();
        for (BundleManifest bundle : BundleManifest.all()) {
            Set<String> allowed = ALLOWED_PERTURBA_DEPENDENCIES.get(bundle.symbolicName());
            if (allowed == null) {
                continue; // test bundles may reach any layer
            }
            bundle.requiredBundles().stream().filter(name -> name.startsWith("org.perturba."))
                    .filter(name -> !allowed.contains(name))
                    .forEach(name -> violations.add(bundle.symbolicName() + " requires " + name));
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
        Set<String> main = new TreeSet<>();
        BundleManifest.all().stream().map(BundleManifest::symbolicName).filter(n -> !n.endsWith(".tests"))
                .forEach(main::add);
        assertEquals(new TreeSet<>(ALLOWED_PERTURBA_DEPENDENCIES.keySet()), main,
                "every bundle needs an entry in the dependency rules");
    }

    @Test
    void plainJavaBundlesDoNotNeedEquinox() throws IOException {
        List<String> violations = new ArrayList<>();
        for (BundleManifest bundle : BundleManifest.all()) {
            if (!PLAIN_JAVA.contains(bundle.symbolicName())) {
                continue;
            }
            Stream.concat(bundle.requiredBundles().stream(), bundle.importedPackages().stream())
                    .filter(name -> name.startsWith("org.eclipse.") || name.startsWith("org.osgi."))
                    .forEach(name -> violations.add(bundle.symbolicName() + " MANIFEST.MF: " + name));
            for (Path source : bundle.sources()) {
                imports(source).stream().filter(n -> n.startsWith("org.eclipse.") || n.startsWith("org.osgi."))
                        .forEach(name -> violations.add(source + ": import " + name));
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    @Test
    void dl4jClassPathListsExactlyTheEmbeddedJars() throws IOException {
        BundleManifest dl4j = BundleManifest.read(BundleManifest.ROOT.resolve("bundles/org.perturba.dl4j"));
        Set<String> declared = new TreeSet<>(dl4j.classPath());
        declared.remove(".");
        Set<String> embedded = new TreeSet<>();
        try (Stream<Path> jars = Files.list(dl4j.directory().resolve("lib"))) {
            jars.map(jar -> "lib/" + jar.getFileName()).filter(name -> name.endsWith(".jar")).forEach(embedded::add);
        }
        Set<String> cuda = new TreeSet<>(declared);
        cuda.removeIf(entry -> !entry.startsWith("lib-cuda/"));
        declared.removeAll(cuda);
        assertEquals(embedded, declared,
                "Bundle-ClassPath of org.perturba.dl4j is stale: run releng/scripts/update-dl4j-manifest.sh");
        assertEquals(6, cuda.size(), "the CUDA backend's jars (built with -Pcuda) are listed too: " + cuda);
    }

    private static List<String> imports(Path source) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(source)) {
            var matcher = IMPORT.matcher(line.strip());
            if (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }
}

package org.perturba.core.installation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.osgi.framework.Version;

/**
 * The plug-ins of an installed Perturba product (headless or workbench), added and removed without
 * rebuilding it. The product starts the bundles its simple configurator lists
 * ({@code configuration/org.eclipse.equinox.simpleconfigurator/bundles.info}) and applies a changed
 * list at its next start, so installing copies a plug-in's bundles into {@code plugins/} and lists
 * them; removing unlists and deletes them. Before anything changes, every requirement of the new
 * bundles must be met by the installation (or by each other), none may replace an installed bundle
 * and none may contribute an id that an installed bundle contributes: otherwise the installation is
 * refused in one line and left as it was. {@code configuration/org.perturba.plugins/installed} records
 * which bundles are plug-ins rather than part of the product.
 */
public final class PluginInstallation {
    private static final String BUNDLES_INFO = "configuration/org.eclipse.equinox.simpleconfigurator/bundles.info";
    private static final String RECORD = "configuration/org.perturba.plugins/installed";
    /** Start level of plug-in bundles, as the product's own. */
    private static final int START_LEVEL = 4;

    private final Path root;

    private PluginInstallation(Path root) {
        this.root = root;
    }

    /**
     * The installation at {@code root} (the folder with {@code plugins/} and {@code configuration/}).
     *
     * @throws PluginInstallationException when it is no such installation
     */
    public static PluginInstallation at(Path root) throws PluginInstallationException {
        if (!Files.isRegularFile(root.resolve(BUNDLES_INFO))) {
            throw new PluginInstallationException(root + " is no Perturba installation: it has no " + BUNDLES_INFO);
        }
        return new PluginInstallation(root);
    }

    /** A bundle the installation starts. */
    public record InstalledBundle(String symbolicName, Version version, String location) {
    }

    /** An installed plug-in: its bundles and what they contribute. */
    public record Plugin(InstalledBundle bundle, List<String> contributions) {
    }

    /** Every bundle the installation starts, in the order of its list. */
    public List<InstalledBundle> bundles() throws PluginInstallationException {
        List<InstalledBundle> bundles = new ArrayList<>();
        for (String line : lines(root.resolve(BUNDLES_INFO))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(",");
            if (fields.length < 3) {
                throw new PluginInstallationException(BUNDLES_INFO + " has a malformed line: " + line);
            }
            bundles.add(new InstalledBundle(fields[0], Version.parseVersion(fields[1]), fields[2]));
        }
        return bundles;
    }

    /** The installed plug-ins (not the product's own bundles). */
    public List<Plugin> plugins() throws PluginInstallationException {
        Set<String> recorded = recorded();
        List<Plugin> plugins = new ArrayList<>();
        for (InstalledBundle bundle : bundles()) {
            if (recorded.contains(bundle.symbolicName())) {
                plugins.add(new Plugin(bundle, BundleDescription.read(root.resolve(bundle.location())).contributions()));
            }
        }
        return plugins;
    }

    /**
     * Installs what {@code source} offers ({@link PluginSource}), fetched or unpacked into a
     * temporary folder that is deleted afterwards.
     *
     * @return the bundles installed
     * @throws PluginInstallationException why not, in one line; nothing was changed
     */
    public List<BundleDescription> install(String source) throws PluginInstallationException {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("perturba-plugin");
        } catch (IOException e) {
            throw new PluginInstallationException("no temporary folder to read " + source + " into: " + e.getMessage(), e);
        }
        try {
            return install(PluginSource.bundles(source, scratch));
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(PluginInstallation::deleteQuietly);
            } catch (IOException e) {
                // a temporary folder left behind
            }
        }
    }

    /**
     * Installs {@code candidates} (the bundles of one plug-in) after checking them against the
     * installation; they take effect at the product's next start.
     *
     * @return the bundles installed
     * @throws PluginInstallationException why not, in one line; nothing was changed
     */
    public List<BundleDescription> install(Collection<Path> candidates) throws PluginInstallationException {
        List<BundleDescription> installed = new ArrayList<>();
        for (InstalledBundle bundle : bundles()) {
            installed.add(BundleDescription.read(root.resolve(bundle.location())));
        }
        // a repository brings source bundles, and the bundles it was built against: those the
        // installation has in the same version are not installed again
        Map<BundleDescription, Path> adding = new LinkedHashMap<>();
        for (Path candidate : candidates) {
            BundleDescription bundle = BundleDescription.read(candidate);
            boolean present = installed.stream().anyMatch(other -> other.symbolicName().equals(bundle.symbolicName())
                    && other.version().equals(bundle.version()));
            if (!bundle.sourceBundle() && !present) {
                adding.put(bundle, candidate);
            }
        }
        if (adding.isEmpty()) {
            throw new PluginInstallationException("nothing to install: every bundle offered is installed already, or source code");
        }
        InstallationCheck.check(adding.keySet(), installed, frameworkExports());
        List<String> lines = new ArrayList<>(lines(root.resolve(BUNDLES_INFO)));
        List<Path> copied = new ArrayList<>();
        try {
            for (Map.Entry<BundleDescription, Path> bundle : adding.entrySet()) {
                String fileName = bundle.getKey().symbolicName() + "_" + bundle.getKey().version() + ".jar";
                Path target = root.resolve("plugins").resolve(fileName);
                Files.copy(bundle.getValue(), target);
                copied.add(target);
                lines.add(String.join(",", bundle.getKey().symbolicName(), bundle.getKey().version().toString(), "plugins/" + fileName,
                        Integer.toString(START_LEVEL), "false"));
            }
            // the record first: a name recorded for a bundle that is not listed names no plug-in
            Set<String> recorded = recorded();
            adding.keySet().forEach(bundle -> recorded.add(bundle.symbolicName()));
            writeRecord(recorded);
            replace(root.resolve(BUNDLES_INFO), lines);
        } catch (IOException e) {
            for (Path file : copied) {
                deleteQuietly(file);
            }
            throw new PluginInstallationException("the installation could not be changed: " + e.getMessage(), e);
        }
        return List.copyOf(adding.keySet());
    }

    /**
     * Removes an installed plug-in bundle; it is gone at the product's next start.
     *
     * @throws PluginInstallationException when no plug-in of that name is installed, or another
     *         installed bundle requires it
     */
    public InstalledBundle remove(String symbolicName) throws PluginInstallationException {
        Optional<InstalledBundle> bundle = bundles().stream().filter(b -> b.symbolicName().equals(symbolicName)).findFirst();
        if (bundle.isEmpty()) {
            throw new PluginInstallationException("no plug-in '" + symbolicName + "' is installed (perturba plugins list shows them)");
        }
        Set<String> recorded = recorded();
        if (!recorded.contains(symbolicName)) {
            throw new PluginInstallationException(symbolicName + " is part of Perturba, not an installed plug-in");
        }
        for (InstalledBundle other : bundles()) {
            if (!other.symbolicName().equals(symbolicName) && BundleDescription.read(root.resolve(other.location())).requiredBundles()
                    .stream().anyMatch(requirement -> requirement.name().equals(symbolicName) && !requirement.optional())) {
                throw new PluginInstallationException(other.symbolicName() + " requires " + symbolicName + ": remove it first");
            }
        }
        List<String> lines = new ArrayList<>(lines(root.resolve(BUNDLES_INFO)));
        lines.removeIf(line -> line.startsWith(symbolicName + ","));
        recorded.remove(symbolicName);
        try {
            replace(root.resolve(BUNDLES_INFO), lines);
            writeRecord(recorded);
        } catch (IOException e) {
            throw new PluginInstallationException("the installation could not be changed: " + e.getMessage(), e);
        }
        deleteQuietly(root.resolve(bundle.get().location()));
        return bundle.get();
    }

    /** The packages the OSGi framework itself exports (the system bundle's, beside the JRE's). */
    private List<BundleDescription.Export> frameworkExports() throws PluginInstallationException {
        try (Stream<Path> files = Files.list(root.resolve("plugins"))) {
            Optional<Path> framework = files.filter(file -> file.getFileName().toString().startsWith("org.eclipse.osgi_")).findFirst();
            return framework.isPresent() ? BundleDescription.read(framework.get()).exportedPackages() : List.of();
        } catch (IOException e) {
            throw new PluginInstallationException(root.resolve("plugins") + " cannot be listed: " + e.getMessage(), e);
        }
    }

    private Set<String> recorded() throws PluginInstallationException {
        Path record = root.resolve(RECORD);
        Set<String> names = new TreeSet<>();
        if (Files.isRegularFile(record)) {
            lines(record).stream().map(String::strip).filter(line -> !line.isEmpty()).forEach(names::add);
        }
        return names;
    }

    private void writeRecord(Set<String> names) throws IOException {
        Path record = root.resolve(RECORD);
        Files.createDirectories(record.getParent());
        replace(record, List.copyOf(names));
    }

    private static List<String> lines(Path file) throws PluginInstallationException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PluginInstallationException(file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Writes the file whole or not at all: a temporary file beside it, then a rename. */
    private static void replace(Path file, List<String> lines) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.write(temporary, lines, StandardCharsets.UTF_8);
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left behind, unlisted: the product no longer starts it
        }
    }
}

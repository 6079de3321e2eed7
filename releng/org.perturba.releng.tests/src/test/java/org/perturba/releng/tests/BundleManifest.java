package org.perturba.releng.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** The OSGi headers of one bundle of the source tree that the architecture rules look at. */
record BundleManifest(String symbolicName, Path directory, List<String> requiredBundles,
        List<String> importedPackages, List<String> classPath, List<String> exportClauses, List<String> requireClauses) {

    static final Path ROOT = Path.of(System.getProperty("perturba.root", "../.."));

    /** Every bundle under bundles/ and examples/. */
    static List<BundleManifest> all() {
        return Stream.of("bundles", "examples").map(ROOT::resolve).filter(Files::isDirectory)
                .flatMap(BundleManifest::bundlesIn).toList();
    }

    private static Stream<BundleManifest> bundlesIn(Path parent) {
        try (Stream<Path> directories = Files.list(parent)) {
            return directories.filter(d -> Files.isRegularFile(d.resolve("META-INF/MANIFEST.MF")))
                    .sorted().map(BundleManifest::read).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BundleManifest read(Path directory) {
        try (InputStream in = Files.newInputStream(directory.resolve("META-INF/MANIFEST.MF"))) {
            Attributes headers = new Manifest(in).getMainAttributes();
            return new BundleManifest(names(headers.getValue("Bundle-SymbolicName")).get(0), directory,
                    names(headers.getValue("Require-Bundle")), names(headers.getValue("Import-Package")),
                    names(headers.getValue("Bundle-ClassPath")), clauses(headers.getValue("Export-Package")),
                    clauses(headers.getValue("Require-Bundle")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Java source files of the bundle. */
    List<Path> sources() {
        Path src = directory.resolve("src");
        if (!Files.isDirectory(src)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(src)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of a header's clauses, attributes and directives dropped. */
    private static List<String> names(String header) {
        return clauses(header).stream().map(clause -> clause.split(";")[0].strip()).toList();
    }

    /** A header's clauses, each with its attributes and directives. */
    private static List<String> clauses(String header) {
        List<String> clauses = new ArrayList<>();
        if (header == null) {
            return clauses;
        }
        boolean quoted = false;
        StringBuilder clause = new StringBuilder();
        for (char c : (header + ",").toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                clauses.add(clause.toString().strip());
                clause.setLength(0);
            } else {
                clause.append(c);
            }
        }
        return clauses;
    }
}

package org.perturba.releng.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The API boundary of docs/api.md, as the manifests declare it. */
class ApiTest {
    /** A row of the API table: | `bundle` | `package` | what for | */
    private static final Pattern API_ROW = Pattern.compile("^\\| `(org\\.perturba\\.[\\w.]+)` \\| `(org\\.perturba\\.[\\w.]+)` \\|");
    private static final Pattern RANGE = Pattern.compile("bundle-version=\"[\\[(][\\d.]+,[\\d.]+[)\\]]\"");

    private static Set<String> documentedApi() throws IOException {
        Set<String> packages = new TreeSet<>();
        for (String line : Files.readAllLines(BundleManifest.ROOT.resolve("docs/api.md"))) {
            Matcher row = API_ROW.matcher(line);
            if (row.find()) {
                packages.add(row.group(2));
            }
        }
        return packages;
    }

    private static List<BundleManifest> perturbaBundles() {
        return BundleManifest.all().stream().filter(bundle -> !bundle.symbolicName().endsWith(".tests")).toList();
    }

    @Test
    void exactlyTheDocumentedPackagesAreApiAndEveryExportIsVersioned() throws IOException {
        List<String> violations = new ArrayList<>();
        Set<String> api = new TreeSet<>();
        for (BundleManifest bundle : perturbaBundles()) {
            for (String clause : bundle.exportClauses()) {
                String name = clause.split(";")[0].strip();
                if (!clause.contains("version=")) {
                    violations.add(bundle.symbolicName() + " exports " + name + " without a version");
                }
                boolean restricted = clause.contains("x-internal:=true") || clause.contains("x-friends:=");
                if (name.startsWith("org.perturba.") && !name.equals("org.perturba.dl4j") && !restricted) {
                    api.add(name);
                }
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
        assertEquals(documentedApi(), api, "packages exported as API (neither x-internal nor x-friends) against docs/api.md");
    }

    @Test
    void friendsAreBundlesThatExist() {
        Set<String> bundles = BundleManifest.all().stream().map(BundleManifest::symbolicName).collect(Collectors.toSet());
        Pattern friends = Pattern.compile("x-friends:=\"([^\"]*)\"");
        List<String> unknown = new ArrayList<>();
        for (BundleManifest bundle : perturbaBundles()) {
            for (String clause : bundle.exportClauses()) {
                Matcher matcher = friends.matcher(clause);
                if (matcher.find()) {
                    for (String friend : matcher.group(1).split(",")) {
                        if (!bundles.contains(friend.strip())) {
                            unknown.add(bundle.symbolicName() + ": " + clause.split(";")[0] + " names " + friend);
                        }
                    }
                }
            }
        }
        assertTrue(unknown.isEmpty(), String.join("\n", unknown));
    }

    @Test
    void requirementsOfPerturbaBundlesCarryVersionRanges() {
        List<String> open = new ArrayList<>();
        for (BundleManifest bundle : BundleManifest.all()) {
            for (String clause : bundle.requireClauses()) {
                if (clause.strip().startsWith("org.perturba.") && !RANGE.matcher(clause).find()) {
                    open.add(bundle.symbolicName() + " requires " + clause.strip());
                }
            }
        }
        assertTrue(open.isEmpty(), "requirements without a version range:\n" + String.join("\n", open));
    }
}

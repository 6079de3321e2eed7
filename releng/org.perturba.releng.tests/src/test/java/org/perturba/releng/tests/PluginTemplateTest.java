package org.perturba.releng.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code examples/plugin-template}, copied out of the repository and built by a Maven invocation
 * of its own against the p2 repository this build wrote, as a research group outside Perturba
 * builds its plug-in; then installed into a copy of the headless product, used by an experiment,
 * and removed again.
 */
class PluginTemplateTest {
    private static final Path TEMPLATE = BundleManifest.ROOT.resolve("examples/plugin-template");
    private static final Path REPOSITORY = BundleManifest.ROOT.resolve("releng/org.perturba.repository/target/repository");

    @TempDir
    static Path shared;
    /** The template's bundle, built once as a group would build it. */
    private static Path bundle;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildTheTemplate() throws Exception {
        Path project = copy(TEMPLATE, shared.resolve("my-plugin"));
        Build build = build(project);
        assertEquals(0, build.exitCode(), build.log());
        bundle = bundleJar(project);
    }

    @Test
    void buildsOutsideTheRepositoryAgainstTheP2Repository() throws Exception {
        try (ZipFile jar = new ZipFile(bundle.toFile())) {
            assertNotNull(jar.getEntry("org/example/noise/GaussianNoiseAttack.class"));
            String contributions = new String(jar.getInputStream(jar.getEntry("plugin.xml")).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(contributions.contains("id=\"gaussian-noise\""), contributions);
        }
    }

    @Test
    void isInstalledIntoAProductUsedByAnExperimentAndRemoved() throws Exception {
        Installation installation = productCopy();
        Path product = installation.root();

        ProductRun install = perturba(product, "plugins", "install", bundle.toString());
        assertEquals(0, install.exitCode(), install.err());
        assertTrue(install.out().contains("installed org.example.noise 0.1.0."), install.out());
        JsonObject extensions = JsonParser.parseString(perturba(product, "extensions", "--json").out()).getAsJsonObject();
        assertTrue(extensions.toString().contains("\"gaussian-noise\""), extensions.toString());
        ProductRun list = perturba(product, "plugins", "list", "--json");
        JsonArray plugins = JsonParser.parseString(list.out()).getAsJsonObject().getAsJsonArray("plugins");
        assertEquals(1, plugins.size(), list.out());
        assertEquals("org.example.noise", plugins.get(0).getAsJsonObject().get("id").getAsString());

        Path experiment = Files.writeString(dir.resolve("noise.json"), """
                {"name": "the template's attack", "seed": 3, "dataset": {"cohort": {"subjects": 20}},
                 "models": [{"id": "cnn", "kind": "conventional"}], "epsilons": [0.01],
                 "attacks": [{"attack": "gaussian-noise"}], "threatModels": ["image-only"]}
                """);
        ProductRun run = ProductRun.run(Duration.ofMinutes(15), Map.of(), product.resolve("perturba"), "run", experiment.toString(),
                "--reduce", "--out", dir.resolve("run").toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonObject summary = JsonParser.parseString(Files.readString(dir.resolve("run/summary.json"))).getAsJsonObject();
        JsonObject row = summary.getAsJsonArray("attacks").get(0).getAsJsonObject();
        assertEquals("gaussian-noise", row.get("attack").getAsString(), row.toString());
        assertTrue(row.get("error").isJsonNull(), row.toString());
        assertEquals(0, summary.getAsJsonArray("failures").size(), summary.getAsJsonArray("failures").toString());

        ProductRun remove = perturba(product, "plugins", "remove", "org.example.noise");
        assertEquals(0, remove.exitCode(), remove.err());
        installation.assertAsItWas();
        assertFalse(perturba(product, "extensions", "--json").out().contains("gaussian-noise"));
    }

    @Test
    void aPluginBuiltForANewerPerturbaIsRefusedAndTheProductIsLeftAsItWas() throws Exception {
        // the template's bundle, as a group would build it against a later Perturba that this installation predates
        Path future = dir.resolve("future.jar");
        rewriteRequirement(bundle, future, "bundle-version=\"[0.1.0,1.0.0)\"", "bundle-version=\"[0.9.0,1.0.0)\"");
        Installation installation = productCopy();
        Path product = installation.root();
        ProductRun install = perturba(product, "plugins", "install", future.toString());
        assertEquals(1, install.exitCode(), install.out());
        assertTrue(install.err().contains("needs org.perturba.attack [0.9.0,1.0.0), and this installation has 0.1.0."), install.err());
        assertTrue(install.err().contains("it was built for a newer Perturba"), install.err());
        assertEquals(1, install.err().strip().lines().count(), install.err());
        installation.assertAsItWas();
        try (Stream<Path> plugins = Files.list(product.resolve("plugins"))) {
            assertTrue(plugins.noneMatch(file -> file.getFileName().toString().startsWith("org.example.noise")));
        }
    }

    /** A copy of the headless product and the bundle list it came with. */
    private record Installation(Path root, String bundles) {
        Path bundlesInfo() {
            return root.resolve("configuration/org.eclipse.equinox.simpleconfigurator/bundles.info");
        }

        void assertAsItWas() throws IOException {
            assertEquals(bundles, Files.readString(bundlesInfo()));
        }
    }

    private Installation productCopy() throws IOException {
        Path root = copy(ProductRun.installation("headless"), dir.resolve("perturba"));
        return new Installation(root, Files.readString(root.resolve("configuration/org.eclipse.equinox.simpleconfigurator/bundles.info")));
    }

    private static ProductRun perturba(Path product, String... arguments) throws IOException, InterruptedException {
        return ProductRun.run(ProductRun.DEFAULT_LIMIT, Map.of(), product.resolve("perturba"), arguments);
    }

    private static Path bundleJar(Path project) throws IOException {
        try (Stream<Path> jars = Files.list(project.resolve("org.example.noise/target"))) {
            return jars.filter(file -> file.getFileName().toString().matches("org\\.example\\.noise-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no bundle jar in " + project.resolve("org.example.noise/target")));
        }
    }

    /** A copy of a bundle jar with one text of its manifest replaced. */
    private static void rewriteRequirement(Path jar, Path copy, String from, String to) throws IOException {
        try (java.util.jar.JarFile in = new java.util.jar.JarFile(jar.toFile())) {
            java.util.jar.Manifest manifest = in.getManifest();
            String required = manifest.getMainAttributes().getValue("Require-Bundle");
            assertTrue(required.contains(from), required);
            manifest.getMainAttributes().putValue("Require-Bundle", required.replace(from, to));
            try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(copy), manifest)) {
                var entries = in.entries();
                while (entries.hasMoreElements()) {
                    var entry = entries.nextElement();
                    if (entry.getName().equals("META-INF/MANIFEST.MF")) {
                        continue;
                    }
                    out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                    in.getInputStream(entry).transferTo(out);
                    out.closeEntry();
                }
            }
        }
    }

    @Test
    void aPluginThatUsesAnInternalPackageDoesNotBuild() throws Exception {
        Path project = copy(TEMPLATE, dir.resolve("internal-plugin"));
        Path source = project.resolve("org.example.noise/src/org/example/noise/GaussianNoiseAttack.java");
        String code = Files.readString(source);
        Files.writeString(source, code.replace("public final class GaussianNoiseAttack implements Attack {",
                "public final class GaussianNoiseAttack implements Attack {\n"
                        + "    private static final Class<?> INTERNAL = org.perturba.attack.fgsm.FgsmAttack.class;"));
        Build build = build(project);
        assertTrue(build.exitCode() != 0, "a plug-in using org.perturba.attack.fgsm (x-friends) built:\n" + build.log());
        assertTrue(build.log().contains("Discouraged access: The type 'FgsmAttack' is not API"), build.log());
    }

    private record Build(int exitCode, String log) {
    }

    private static Build build(Path project) throws IOException, InterruptedException {
        Path log = project.resolve("build.log");
        Process maven = new ProcessBuilder(project.resolve("mvnw").toString(), "-B", "verify",
                "-Dperturba.repository=" + REPOSITORY.toAbsolutePath().normalize().toUri()).directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!maven.waitFor(10, TimeUnit.MINUTES)) {
            maven.destroyForcibly();
            throw new AssertionError("the template's build did not finish within 10 minutes:\n" + Files.readString(log));
        }
        return new Build(maven.exitValue(), Files.readString(log));
    }

    /** The template as a group copies it: sources only, no build output. */
    private static Path copy(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(path -> !path.equals(from))
                    .filter(path -> !List.of(from.relativize(path).toString().split("/")).contains("target")).toList();
        }
        Files.createDirectories(to);
        for (Path file : files) {
            Path target = to.resolve(from.relativize(file).toString());
            if (Files.isDirectory(file)) {
                Files.createDirectories(target);
            } else {
                Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return to;
    }
}

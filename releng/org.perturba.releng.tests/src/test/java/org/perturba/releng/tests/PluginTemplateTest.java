package org.perturba.releng.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/plugin-template}, copied out of the repository and built by a Maven invocation
 * of its own against the p2 repository this build wrote, as a research group outside Perturba
 * builds its plug-in.
 */
class PluginTemplateTest {
    private static final Path TEMPLATE = BundleManifest.ROOT.resolve("examples/plugin-template");
    private static final Path REPOSITORY = BundleManifest.ROOT.resolve("releng/org.perturba.repository/target/repository");

    @TempDir
    Path dir;

    @Test
    void buildsOutsideTheRepositoryAgainstTheP2Repository() throws Exception {
        Path project = copy(TEMPLATE, dir.resolve("my-plugin"));
        Build build = build(project);
        assertEquals(0, build.exitCode(), build.log());
        Path jar;
        try (Stream<Path> jars = Files.list(project.resolve("org.example.noise/target"))) {
            jar = jars.filter(file -> file.getFileName().toString().matches("org\\.example\\.noise-.*\\.jar")).findFirst().orElse(null);
        }
        assertNotNull(jar, "no bundle jar in org.example.noise/target:\n" + build.log());
        try (ZipFile bundle = new ZipFile(jar.toFile())) {
            assertNotNull(bundle.getEntry("org/example/noise/GaussianNoiseAttack.class"));
            String contributions = new String(bundle.getInputStream(bundle.getEntry("plugin.xml")).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(contributions.contains("id=\"gaussian-noise\""), contributions);
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

    private Build build(Path project) throws IOException, InterruptedException {
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

package org.perturba.releng.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/**
 * The API baseline check: the public signatures of every API package (docs/api.md), read from the
 * built bundles, against those of the released baseline ({@code releng/api-baseline.txt}). A
 * signature removed or changed, or an abstract method added to a type plug-ins implement, needs the
 * package's major version raised; any other addition its minor version. At a release,
 * {@code -Dperturba.api.updateBaseline=true} writes the new baseline.
 */
class ApiBaselineTest {
    private static final Path BASELINE = BundleManifest.ROOT.resolve("releng/api-baseline.txt");
    private static final Pattern VERSION = Pattern.compile("version=\"(\\d+)\\.(\\d+)\\.(\\d+)\"");

    @Test
    void apiChangesCarryTheVersionTheyNeed() throws Exception {
        Map<String, Api> current = currentApi();
        if (Boolean.getBoolean("perturba.api.updateBaseline")) {
            write(current);
        }
        Map<String, Api> baseline = read();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Api> released : baseline.entrySet()) {
            Api now = current.get(released.getKey());
            if (now == null) {
                problems.add(released.getKey() + " is no longer API: that needs a new major version of its bundle");
                continue;
            }
            Set<String> removed = new TreeSet<>(released.getValue().signatures());
            removed.removeAll(now.signatures());
            Set<String> added = new TreeSet<>(now.signatures());
            added.removeAll(released.getValue().signatures());
            boolean breaking = !removed.isEmpty() || added.stream().anyMatch(signature -> signature.contains(" abstract ") && signature.contains("("));
            int[] was = released.getValue().version(), is = now.version();
            if (breaking && is[0] <= was[0]) {
                problems.add(released.getKey() + " " + text(is) + " changes incompatibly and needs version " + (was[0] + 1) + ".0.0: "
                        + describe(removed, added));
            } else if (!added.isEmpty() && is[0] == was[0] && is[1] <= was[1]) {
                problems.add(released.getKey() + " " + text(is) + " adds API and needs version " + was[0] + "." + (was[1] + 1) + ".0: "
                        + describe(removed, added));
            }
        }
        assertTrue(problems.isEmpty(), "API changes against " + BASELINE + ":\n" + String.join("\n", problems));
    }

    /** A package's version ([major, minor, micro]) and public signatures. */
    private record Api(int[] version, Set<String> signatures) {
    }

    private static String describe(Set<String> removed, Set<String> added) {
        Stream<String> lines = Stream.concat(removed.stream().map(signature -> "- " + signature), added.stream().map(s -> "+ " + s));
        return lines.limit(12).collect(Collectors.joining("; "));
    }

    private static String text(int[] version) {
        return version[0] + "." + version[1] + "." + version[2];
    }

    private static Map<String, Api> currentApi() throws Exception {
        Map<String, int[]> versions = apiPackageVersions();
        Path plugins = ProductRun.installation("headless").resolve("plugins");
        List<URL> classPath = new ArrayList<>();
        try (Stream<Path> files = Files.list(plugins)) {
            for (Path file : files.sorted().toList()) {
                if (file.getFileName().toString().endsWith(".jar")) {
                    classPath.add(file.toUri().toURL());
                } else if (Files.isDirectory(file.resolve("lib"))) {
                    classPath.add(file.toUri().toURL());
                    try (Stream<Path> jars = Files.list(file.resolve("lib"))) {
                        for (Path jar : jars.sorted().toList()) {
                            classPath.add(jar.toUri().toURL());
                        }
                    }
                }
            }
        }
        Map<String, Api> api = new TreeMap<>();
        try (URLClassLoader loader = new URLClassLoader(classPath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            for (Map.Entry<String, int[]> exported : versions.entrySet()) {
                Set<String> signatures = new TreeSet<>();
                for (String className : classesOf(plugins, exported.getKey())) {
                    Class<?> type = Class.forName(className, false, loader);
                    if (isVisible(type)) {
                        signatures.addAll(signatures(type));
                    }
                }
                api.put(exported.getKey(), new Api(exported.getValue(), signatures));
            }
        }
        return api;
    }

    /** The API packages of docs/api.md with the versions their bundles export them at. */
    private static Map<String, int[]> apiPackageVersions() {
        Map<String, int[]> versions = new TreeMap<>();
        for (BundleManifest bundle : BundleManifest.all()) {
            for (String clause : bundle.exportClauses()) {
                String name = clause.split(";")[0].strip();
                Matcher version = VERSION.matcher(clause);
                if (name.startsWith("org.perturba.") && !clause.contains("x-internal") && !clause.contains("x-friends")
                        && !name.equals("org.perturba.dl4j") && version.find()) {
                    versions.put(name, new int[] { Integer.parseInt(version.group(1)), Integer.parseInt(version.group(2)),
                            Integer.parseInt(version.group(3)) });
                }
            }
        }
        return versions;
    }

    /** The classes of a package (not of its subpackages) in the product's bundle jars. */
    private static List<String> classesOf(Path plugins, String packageName) throws IOException {
        String folder = packageName.replace('.', '/') + "/";
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(plugins)) {
            for (Path jar : files.filter(file -> file.getFileName().toString().startsWith("org.perturba.")
                    && file.getFileName().toString().endsWith(".jar")).toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    zip.stream().map(entry -> entry.getName())
                            .filter(name -> name.startsWith(folder) && name.endsWith(".class") && name.indexOf('/', folder.length()) < 0)
                            .forEach(name -> names.add(name.substring(0, name.length() - ".class".length()).replace('/', '.')));
                }
            }
        }
        return names;
    }

    private static boolean isVisible(Class<?> type) {
        for (Class<?> enclosing = type; enclosing != null; enclosing = enclosing.getDeclaringClass()) {
            if (!Modifier.isPublic(enclosing.getModifiers()) || enclosing.isAnonymousClass() || enclosing.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    /** One line per visible element: the type itself, its constructors, methods and fields. */
    private static List<String> signatures(Class<?> type) {
        List<String> lines = new ArrayList<>();
        String name = type.getName();
        String kind = type.isAnnotation() ? "@interface" : type.isInterface() ? "interface" : type.isEnum() ? "enum"
                : type.isRecord() ? "record" : "class";
        String parents = Stream.concat(Stream.ofNullable(type.getSuperclass()).filter(parent -> parent != Object.class
                && parent != Record.class && parent != Enum.class), Arrays.stream(type.getInterfaces())).map(Class::getName)
                .sorted().collect(Collectors.joining(","));
        lines.add(name + " " + modifiers(type.getModifiers() & ~Modifier.INTERFACE & ~Modifier.ABSTRACT, type.isInterface()
                || Modifier.isAbstract(type.getModifiers()) && !type.isInterface()) + kind + (parents.isEmpty() ? "" : " : " + parents));
        boolean extensible = !Modifier.isFinal(type.getModifiers()) && !type.isEnum() && !type.isRecord();
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (visible(constructor.getModifiers(), extensible)) {
                lines.add(name + " " + modifiers(constructor.getModifiers(), false) + "new(" + parameters(constructor) + ")");
            }
        }
        for (Method method : type.getDeclaredMethods()) {
            if (!method.isSynthetic() && !method.isBridge() && visible(method.getModifiers(), extensible)) {
                boolean mustImplement = Modifier.isAbstract(method.getModifiers());
                lines.add(name + " " + modifiers(method.getModifiers() & ~Modifier.ABSTRACT, false) + (mustImplement ? "abstract " : "")
                        + method.getGenericReturnType().getTypeName() + " " + method.getName() + "(" + parameters(method) + ")");
            }
        }
        for (Field field : type.getDeclaredFields()) {
            if (!field.isSynthetic() && visible(field.getModifiers(), extensible)) {
                lines.add(name + " " + modifiers(field.getModifiers(), false) + field.getGenericType().getTypeName() + " " + field.getName());
            }
        }
        return lines;
    }

    private static boolean visible(int modifiers, boolean extensible) {
        return Modifier.isPublic(modifiers) || extensible && Modifier.isProtected(modifiers);
    }

    private static String modifiers(int modifiers, boolean isAbstract) {
        int kept = modifiers & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL);
        String text = Modifier.toString(kept);
        return (text.isEmpty() ? "" : text + " ") + (isAbstract ? "abstract " : "");
    }

    private static String parameters(Executable executable) {
        return Arrays.stream(executable.getGenericParameterTypes()).map(java.lang.reflect.Type::getTypeName)
                .collect(Collectors.joining(","));
    }

    private static Map<String, Api> read() throws IOException {
        Map<String, Api> api = new TreeMap<>();
        String packageName = null;
        for (String line : Files.readAllLines(BASELINE, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("package ")) {
                String[] fields = line.split(" ");
                packageName = fields[1];
                int[] version = Arrays.stream(fields[2].split("\\.")).mapToInt(Integer::parseInt).toArray();
                api.put(packageName, new Api(version, new TreeSet<>()));
            } else {
                api.get(packageName).signatures().add(line.strip());
            }
        }
        return api;
    }

    private static void write(Map<String, Api> api) throws IOException {
        List<String> lines = new ArrayList<>(List.of("# Perturba's API at its last release: the public signatures of every API package",
                "# (docs/api.md), checked by ApiBaselineTest. Written by a build with -Dperturba.api.updateBaseline=true at a release."));
        api.forEach((packageName, exported) -> {
            lines.add("package " + packageName + " " + text(exported.version()));
            exported.signatures().forEach(signature -> lines.add("  " + signature));
        });
        Files.write(BASELINE, lines, StandardCharsets.UTF_8);
    }
}

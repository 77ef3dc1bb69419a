package org.unet4j.experiments;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.unet4j.experiments.output.VersionInfo;

/**
 * Writes the start-up script of {@code ./unet4j jshell}: an on-demand import of every {@code org.unet4j} package on
 * the class path, so packages added later are imported without editing anything, and a short greeting with example
 * lines. A framework class whose simple name is also in {@code java.lang} or in one of the packages jshell imports by
 * default (e.g. a {@code Module} beside {@code java.lang.Module}) gets a single-type import, so the framework's class
 * wins instead of the name becoming ambiguous.
 *
 * <p>The launcher runs {@link #main} after each build and passes the output to jshell with {@code --startup}.
 */
public final class JShellStartup {
    /**
     * The example lines the greeting prints; {@code JShellStartupTest} runs them in a jshell. The network is built on
     * the default device and the dataset on the host, so the data moves to the network's device, as in PyTorch.
     */
    public static final List<String> EXAMPLES = List.of(
            "var rng = new SplittableRandom(7);  var data = ShapesDataset.generate(new ShapesDataset.Spec(8, 32, 3,"
                    + " 0.1, 7))",
            "var net = Sequential.of(Conv2d.builder(1, 8, 3).padding(Padding.SAME).build(rng), new ReLU(),"
                    + " new Conv2d(8, 1, 1, rng))",
            "var x = data.images().to(net.device());  var y = data.masks().to(net.device())",
            "var loss = Losses.bceWithLogits(net.forward(x), y);  loss.backward();"
                    + "  new Adam(net.parameters(), 1e-2).step()");

    private static final String ROOT_PACKAGE = "org.unet4j";
    static final List<String> JSHELL_IMPORTED_PACKAGES = List.of("java.lang", "java.io", "java.math",
            "java.net", "java.nio.file", "java.util", "java.util.concurrent", "java.util.function", "java.util.prefs",
            "java.util.regex", "java.util.stream");

    private JShellStartup() {
    }

    /** Prints the start-up script for the class path this JVM runs with. */
    public static void main(String[] args) {
        List<Path> classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(Path::of)
                .toList();
        System.out.print(script(classPath));
    }

    /** The start-up script for the framework classes found on {@code classPath} (directories and jars). */
    public static String script(List<Path> classPath) {
        Map<String, Set<String>> classesByPackage = frameworkClasses(classPath);
        StringBuilder script = new StringBuilder("// unet4j " + VersionInfo.version()
                + ": written by " + JShellStartup.class.getName() + "; imports every framework package\n");
        classesByPackage.keySet().forEach(pkg -> script.append("import ").append(pkg).append(".*;\n"));
        for (String line : clashResolvingImports(classesByPackage)) {
            script.append(line).append('\n');
        }
        script.append("System.out.println(\"unet4j ").append(VersionInfo.version())
                .append(": every org.unet4j package is imported. Try:\");\n");
        for (String example : EXAMPLES) {
            script.append("System.out.println(\"  ").append(example.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\");\n");
        }
        return script.toString();
    }

    /** Single-type imports for framework names that jshell's default imports would make ambiguous. */
    private static List<String> clashResolvingImports(Map<String, Set<String>> classesByPackage) {
        Map<String, List<String>> packagesByName = new TreeMap<>();
        classesByPackage.forEach((pkg, names) -> names.forEach(
                name -> packagesByName.computeIfAbsent(name, n -> new ArrayList<>()).add(pkg)));
        List<String> lines = new ArrayList<>();
        packagesByName.forEach((name, packages) -> {
            if (packages.size() > 1) {
                lines.add("// " + name + " is in " + String.join(" and ", packages) + ": qualify it with its package");
            } else if (JSHELL_IMPORTED_PACKAGES.stream().anyMatch(pkg -> isPublicClass(pkg + "." + name))) {
                lines.add("import " + packages.get(0) + "." + name + ";");
            }
        });
        return lines;
    }

    /** Package name to the simple names of its public top-level classes, for every framework class found. */
    private static Map<String, Set<String>> frameworkClasses(List<Path> classPath) {
        Map<String, Set<String>> classes = new TreeMap<>();
        for (Path entry : classPath) {
            for (String className : classNames(entry)) {
                if (className.startsWith(ROOT_PACKAGE + ".") && !className.contains("$") && isPublicClass(className)) {
                    int dot = className.lastIndexOf('.');
                    classes.computeIfAbsent(className.substring(0, dot), pkg -> new TreeSet<>())
                            .add(className.substring(dot + 1));
                }
            }
        }
        return classes;
    }

    /** Binary names of the classes in a class-path directory or jar (none when the entry does not exist). */
    private static List<String> classNames(Path entry) {
        try {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> files = Files.walk(entry)) {
                    return files.map(entry::relativize)
                            .map(Path::toString)
                            .filter(name -> name.endsWith(".class"))
                            .map(name -> toClassName(name.replace(File.separatorChar, '/')))
                            .toList();
                }
            }
            if (Files.isRegularFile(entry)) {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    return jar.stream()
                            .map(jarEntry -> jarEntry.getName())
                            .filter(name -> name.endsWith(".class"))
                            .map(JShellStartup::toClassName)
                            .toList();
                }
            }
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the classes in class-path entry " + entry, e);
        }
    }

    private static String toClassName(String resourceName) {
        return resourceName.substring(0, resourceName.length() - ".class".length()).replace('/', '.');
    }

    private static boolean isPublicClass(String className) {
        try {
            return Modifier.isPublic(Class.forName(className, false, JShellStartup.class.getClassLoader())
                    .getModifiers());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}

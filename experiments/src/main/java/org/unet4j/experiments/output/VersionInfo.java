package org.unet4j.experiments.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

import org.unet4j.autodiff.parallel.Parallel;

import picocli.CommandLine.IVersionProvider;

/** What `unet4j version` and `unet4j --version` print: the framework's version and the runtime it found. */
public final class VersionInfo implements IVersionProvider {
    private static final String RESOURCE = "/unet4j-version.properties";
    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** The version of unet4j from the build (e.g. 0.1.0-SNAPSHOT). */
    public static String version() {
        try (InputStream in = VersionInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path; rebuild the experiments"
                        + " module (mvn -B -DskipTests install)");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The version, the Java runtime, the CPU thread pool, and whether the Vector API module is present. */
    public static List<String> lines() {
        Runtime runtime = Runtime.getRuntime();
        boolean vector = ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
        return List.of(
                "unet4j " + version(),
                "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                        + System.getProperty("java.vendor") + ") on " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch"),
                "cpu " + runtime.availableProcessors() + " processors, " + Parallel.threads()
                        + " backend threads, max heap " + runtime.maxMemory() / (1024 * 1024) + " MiB",
                VECTOR_MODULE + (vector ? " loaded" : " NOT loaded: start java with --add-modules " + VECTOR_MODULE
                        + " (./unet4j does) for the fast CPU kernels"));
    }

    @Override
    public String[] getVersion() {
        return lines().toArray(String[]::new);
    }
}

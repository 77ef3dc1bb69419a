package org.unet4j.autodiff.opencl;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Whether this JVM's garbage collector leaves the OpenCL arena (a Java array of 16 MiB or more) where it is, which a
 * device with memory of its own needs (see {@link DeviceProgram}). G1 allocates an array of at least half a region
 * (regions are 1 to 32 MiB by default) as a humongous object and does not move humongous objects: never on JDK 17 to
 * 20, and from JDK 21 on only in the last-ditch full collection before an {@code OutOfMemoryError} (JDK-8191565).
 * The parallel and serial collectors compact, and so move, every array in a full collection.
 */
final class ArenaCollector {
    private ArenaCollector() {
    }

    /** Whether this JVM runs G1. */
    static boolean keepsArenaInPlace() {
        return keepsArenaInPlace(names());
    }

    /** Whether collectors of these names ({@link GarbageCollectorMXBean#getName()}) are G1's. */
    static boolean keepsArenaInPlace(List<String> collectors) {
        return !collectors.isEmpty() && collectors.stream().allMatch(name -> name.startsWith("G1 "));
    }

    /** The collectors of this JVM, e.g. {@code G1 Young Generation, G1 Old Generation}. */
    static String collectorNames() {
        return String.join(", ", names());
    }

    private static List<String> names() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList();
    }
}

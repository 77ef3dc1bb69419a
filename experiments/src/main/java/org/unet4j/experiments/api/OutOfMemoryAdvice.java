package org.unet4j.experiments.api;

import java.util.Locale;

/**
 * What to say when the Java heap runs out: what was being allocated (the CPU backend names the tensor's shape and
 * bytes in the error's message), how large the heap may grow ({@link Runtime#maxMemory()}), and the two fixes, a
 * larger heap through {@code UNET4J_JAVA_OPTS=-Xmx...} (read by the {@code ./unet4j} launcher) or a smaller batch or
 * image size.
 */
public final class OutOfMemoryAdvice {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    private OutOfMemoryAdvice() {
    }

    /** The explanation of {@code error}, one line. */
    public static String explain(OutOfMemoryError error) {
        long heap = Runtime.getRuntime().maxMemory();
        long suggested = (Math.max(2 * heap, GIB) + GIB - 1) / GIB;
        String what = error.getMessage() == null ? "" : " (" + error.getMessage() + ")";
        return String.format(Locale.ROOT, "out of memory%s: the Java heap may grow to %,d MiB. Give it more with"
                + " UNET4J_JAVA_OPTS=-Xmx%dg, or use a smaller batch or image size (e.g. --batch, --size).", what,
                heap / MIB, suggested);
    }
}

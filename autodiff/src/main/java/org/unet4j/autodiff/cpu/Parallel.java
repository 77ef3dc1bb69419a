package org.unet4j.autodiff.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * The CPU backend's shared thread pool. Work is split into index ranges that write disjoint outputs, so results do
 * not depend on the number of threads. The size comes from {@code UNET4J_THREADS} (or the system property
 * {@code unet4j.threads}), else the number of processors, and can be changed with {@link #setThreads}.
 */
public final class Parallel {
    private static volatile ForkJoinPool pool = new ForkJoinPool(initialThreads());

    private Parallel() {
    }

    private static int initialThreads() {
        String configured = System.getProperty("unet4j.threads", System.getenv("UNET4J_THREADS"));
        if (configured != null && !configured.isBlank()) {
            try {
                int n = Integer.parseInt(configured.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // falls through to the error below
            }
            throw new IllegalArgumentException("UNET4J_THREADS / unet4j.threads must be a positive integer, got '"
                    + configured + "'");
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** Number of worker threads. */
    public static int threads() {
        return pool.getParallelism();
    }

    /** Replaces the pool with one of {@code n} threads. */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        if (n != threads()) {
            ForkJoinPool old = pool;
            pool = new ForkJoinPool(n);
            old.shutdown();
        }
    }

    /** A body that handles indices [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over [0, n) in chunks of at least {@code grain} indices, in parallel when there is more than
     * one chunk. Each index must write only its own outputs.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int chunks = Math.min(threads() * 4, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || threads() == 1 || java.util.concurrent.ForkJoinTask.getPool() == pool) {
            body.run(0, n);
            return;
        }
        pool.invoke(new Chunk(body, n, chunks, 0, chunks));
    }

    private static final class Chunk extends RecursiveAction {
        private final RangeBody body;
        private final int n;
        private final int chunks;
        private final int lo;
        private final int hi;

        Chunk(RangeBody body, int n, int chunks, int lo, int hi) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected void compute() {
            if (hi - lo == 1) {
                body.run((int) ((long) n * lo / chunks), (int) ((long) n * hi / chunks));
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Chunk(body, n, chunks, lo, mid), new Chunk(body, n, chunks, mid, hi));
        }
    }
}

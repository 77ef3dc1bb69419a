package org.unet4j.autodiff.parallel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.function.Supplier;

/**
 * The engine's thread pool, for the CPU backend and any other data-parallel loop (max-flow regions, SoftCut systems).
 * Work is split into index ranges that write disjoint outputs, so results do not depend on the number of threads.
 *
 * <p>Two sizes apply. The process-wide pool's size comes from {@code UNET4J_THREADS} (or the system property
 * {@code unet4j.threads}), else the number of processors, and {@link #setThreads} changes it for every thread that
 * has no scope of its own. {@link #withThreads} gives one computation its own pool: loops started on that thread
 * (and, nested, on its workers) use it, other threads keep theirs, so concurrent runs with different thread counts
 * neither slow nor mislabel each other. {@link #threads()} is the count the calling thread's loops use.
 */
public final class Parallel {
    private static volatile ForkJoinPool pool = newPool(initialThreads());
    private static final ThreadLocal<ForkJoinPool> SCOPED = new ThreadLocal<>();

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

    /** A pool of {@code n} engine workers. */
    private static ForkJoinPool newPool(int n) {
        return new ForkJoinPool(n, p -> new Worker(p), null, false);
    }

    /** A thread of one of this class's pools: a loop it starts runs inline, in the range it was given. */
    private static final class Worker extends ForkJoinWorkerThread {
        Worker(ForkJoinPool pool) {
            super(pool);
        }
    }

    /** The pool the calling thread's loops use: its scope's, else the process-wide one. */
    private static ForkJoinPool current() {
        ForkJoinPool scoped = SCOPED.get();
        return scoped != null ? scoped : pool;
    }

    /** Number of worker threads the calling thread's loops use ({@link #withThreads} scope, else process-wide). */
    public static int threads() {
        if (Thread.currentThread() instanceof Worker worker) {
            return worker.getPool().getParallelism();
        }
        return current().getParallelism();
    }

    /**
     * Replaces the process-wide pool with one of {@code n} threads; threads inside a {@link #withThreads} scope keep
     * their own.
     */
    public static synchronized void setThreads(int n) {
        requirePositive(n);
        if (n != pool.getParallelism()) {
            ForkJoinPool old = pool;
            pool = newPool(n);
            old.shutdown();
        }
    }

    /**
     * Runs {@code work} on the calling thread with a pool of {@code n} threads of its own for every loop it starts,
     * then shuts that pool down; other threads, and this one afterwards, are unaffected. Scopes nest.
     */
    public static <T> T withThreads(int n, Supplier<T> work) {
        requirePositive(n);
        ForkJoinPool previous = SCOPED.get();
        ForkJoinPool scoped = newPool(n);
        SCOPED.set(scoped);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                SCOPED.remove();
            } else {
                SCOPED.set(previous);
            }
            scoped.shutdown();
        }
    }

    private static void requirePositive(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
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
        if (Thread.currentThread() instanceof Worker) {
            body.run(0, n);
            return;
        }
        ForkJoinPool target = current();
        int threads = target.getParallelism();
        int chunks = Math.min(threads * 4, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || threads == 1) {
            body.run(0, n);
            return;
        }
        target.invoke(new Chunk(body, n, chunks, 0, chunks));
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

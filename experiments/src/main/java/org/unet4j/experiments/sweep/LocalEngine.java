package org.unet4j.experiments.sweep;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.unet4j.experiments.api.FailureSummary;

/** {@code --workers N}: N runs at once on this machine, each in its own JVM. */
public final class LocalEngine implements RunEngine {
    private final int workers;
    private final ExecutorService pool;
    private final AtomicInteger running = new AtomicInteger();

    /** An engine running up to {@code workers} runs at once. */
    public LocalEngine(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be 1 or more, got " + workers);
        }
        this.workers = workers;
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "sweep-worker");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public CompletableFuture<RunOutcome> tryStart(RunTask task) {
        if (running.get() >= workers) {
            return null;
        }
        running.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> {
            try {
                return task.call();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new RunOutcome(task.run(), false, true, "interrupted", 0, host());
            } catch (Exception e) {
                return new RunOutcome(task.run(), false, false, FailureSummary.of(e), 0, host());
            } finally {
                running.decrementAndGet();
            }
        }, pool);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public int slots() {
        return workers;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    @Override
    public String toString() {
        return workers + " local worker JVM" + (workers == 1 ? "" : "s");
    }
}

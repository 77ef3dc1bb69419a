package org.unet4j.experiments.sweep;

import java.util.concurrent.CompletableFuture;

/**
 * Where a sweep's runs execute: {@link LocalEngine} (a pool of child JVMs on this machine) or {@link ClusterEngine}
 * (Hazelcast members, this one included). The driver offers it one run at a time while it has a free slot.
 */
public interface RunEngine extends AutoCloseable {
    /**
     * Starts {@code task} if a slot is free now, else returns null. The future always completes normally: a failure
     * is an outcome, and a worker that leaves gives a {@link RunOutcome#lost lost} one.
     */
    CompletableFuture<RunOutcome> tryStart(RunTask task);

    /** The runs that can go at once now (workers may join or leave a cluster). */
    int slots();

    /** Stops the engine; runs still going are ended. */
    @Override
    void close();
}

package org.unet4j.experiments.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.autodiff.parallel.Parallel;
import org.unet4j.experiments.output.RunConfig;

/**
 * Issue 19, item 16: a run with {@code withThreads(1)} used to resize the process-wide pool, so a concurrent run
 * computed on one thread and its config.json recorded {@code "threads": 1}. Each run now computes with its own
 * count, and records it.
 */
class ConcurrentRunThreadsTest {

    /** An experiment that reports the thread count it computes with, and can be held open by a latch. */
    private static Experiment holding(CountDownLatch started, CountDownLatch release, AtomicInteger threads) {
        return new Experiment() {
            @Override
            public String name() {
                return "hold";
            }

            @Override
            public String description() {
                return "records Parallel.threads() and waits";
            }

            @Override
            public List<Param<?>> params() {
                return List.of();
            }

            @Override
            public void run(ExperimentContext context) throws Exception {
                threads.set(Parallel.threads());
                started.countDown();
                release.await();
            }
        };
    }

    @Test
    void aOneThreadRunDoesNotChangeTheThreadsOfAConcurrentRunNorWhatItRecords(@TempDir Path tmp) throws Exception {
        int before = Parallel.threads();
        Parallel.setThreads(2);
        try {
            CountDownLatch oneStarted = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger oneThreads = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread oneThreadRun = new Thread(() -> {
                try {
                    Experiments.run(holding(oneStarted, release, oneThreads), Map.of(), RunOptions.defaults()
                            .withThreads(1).withOutputDirectory(tmp.resolve("one")).silent());
                } catch (Throwable t) {
                    failure.set(t);
                    oneStarted.countDown();
                }
            });
            oneThreadRun.start();
            oneStarted.await();
            AtomicInteger otherThreads = new AtomicInteger();
            CountDownLatch released = new CountDownLatch(0);
            Experiments.run(holding(new CountDownLatch(1), released, otherThreads), Map.of(),
                    RunOptions.defaults().withOutputDirectory(tmp.resolve("other")).silent());
            release.countDown();
            oneThreadRun.join();
            assertEquals(null, failure.get());
            assertEquals(1, oneThreads.get());
            assertEquals(2, otherThreads.get());
            assertEquals(1, RunConfig.read(tmp.resolve("one")).threads());
            assertEquals(2, RunConfig.read(tmp.resolve("other")).threads());
            assertEquals(2, Parallel.threads());
        } finally {
            Parallel.setThreads(before);
        }
    }
}

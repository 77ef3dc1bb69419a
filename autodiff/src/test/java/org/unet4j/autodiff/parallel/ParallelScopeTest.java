package org.unet4j.autodiff.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A thread count set with {@link Parallel#withThreads} belongs to its computation: another thread running at the
 * same time keeps the process-wide count, nested loops on the scope's workers see the scope's count, and the
 * process-wide count is untouched afterwards.
 */
class ParallelScopeTest {

    @Test
    void aScopedThreadCountDoesNotLeakIntoAConcurrentComputation() throws Exception {
        int before = Parallel.threads();
        Parallel.setThreads(3);
        try {
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch observed = new CountDownLatch(1);
            AtomicInteger scopedCount = new AtomicInteger();
            Set<String> scopedWorkers = ConcurrentHashMap.newKeySet();
            Thread scopedRun = new Thread(() -> Parallel.withThreads(1, () -> {
                scopedCount.set(Parallel.threads());
                Parallel.forRange(1000, 1, (from, to) -> scopedWorkers.add(Thread.currentThread().getName()));
                inside.countDown();
                await(observed);
                return null;
            }));
            scopedRun.start();
            await(inside);
            int concurrentCount = Parallel.threads();
            Set<Integer> nestedCounts = ConcurrentHashMap.newKeySet();
            Parallel.forRange(1000, 1, (from, to) -> nestedCounts.add(Parallel.threads()));
            observed.countDown();
            scopedRun.join();
            assertEquals(1, scopedCount.get());
            assertEquals(Set.of(scopedRun.getName()), scopedWorkers, "one thread: the loop runs on the caller");
            assertEquals(3, concurrentCount);
            assertEquals(Set.of(3), nestedCounts);
            assertEquals(3, Parallel.threads());
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void scopesNestAndRestoreAndRejectNonPositiveCounts() {
        int outside = Parallel.threads();
        int[] seen = Parallel.withThreads(2, () -> new int[] {Parallel.threads(),
            Parallel.withThreads(1, Parallel::threads), Parallel.threads()});
        assertEquals(2, seen[0]);
        assertEquals(1, seen[1]);
        assertEquals(2, seen[2]);
        assertEquals(outside, Parallel.threads());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Parallel.withThreads(0, Parallel::threads));
        assertEquals("threads must be >= 1, got 0", e.getMessage());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

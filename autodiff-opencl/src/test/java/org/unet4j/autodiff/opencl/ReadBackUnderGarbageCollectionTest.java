package org.unet4j.autodiff.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Tensor;

/**
 * Regression test for the native crash of the OpenCL suite (SIGSEGV in pocl's {@code memcpy}): reading results
 * back must not depend on where the garbage collector has put a Java array since the kernel wrote it. A second
 * thread allocates and forces full collections (which move and compact arrays) while this one downloads; before
 * the fix a download copied from the array's old address within the first rounds of this (wrong values, or a crash
 * once the old address was uncommitted).
 */
class ReadBackUnderGarbageCollectionTest {
    private static final long MILLISECONDS = 3000;
    private static volatile Object sink;

    @Test
    void downloadsAndReductionsStayCorrectWhileTheCollectorMovesArrays() throws InterruptedException {
        OpenClBackend backend = OpenClTestDevice.backend();
        if (backend.description().contains("pthread")) {
            assertTrue(backend.sharesHostMemory(), "pocl computes in the Java arrays; results need no Kernel.get");
        }
        float[] values = new float[5000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 97;
        }
        Tensor x = Tensor.wrap(values, values.length).to(backend.device());
        double expectedSum = 0;
        for (float v : values) {
            expectedSum += v + 1;
        }
        Thread churn = new Thread(ReadBackUnderGarbageCollectionTest::churn);
        churn.setDaemon(true);
        churn.start();
        try {
            long end = System.currentTimeMillis() + MILLISECONDS;
            int rounds = 0;
            while (System.currentTimeMillis() < end) {
                Tensor y = x.add(1);
                float[] back = y.to(Device.CPU).floats();
                for (int i = 0; i < back.length; i++) {
                    assertEquals(values[i] + 1, back[i], "round " + rounds + ", element " + i);
                }
                assertEquals(expectedSum, y.sum().item(), 1e-3 * expectedSum, "round " + rounds + ", sum");
                rounds++;
            }
        } finally {
            churn.interrupt();
            churn.join();
        }
    }

    private static void churn() {
        SplittableRandom random = new SplittableRandom(4);
        while (!Thread.currentThread().isInterrupted()) {
            sink = new float[1 << random.nextInt(8, 18)];
            if (random.nextInt(100) == 0) {
                System.gc();
            }
        }
    }
}

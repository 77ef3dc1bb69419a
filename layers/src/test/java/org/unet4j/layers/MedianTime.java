package org.unet4j.layers;

import java.util.Arrays;
import java.util.function.DoubleSupplier;

/** Timing for the OpenCL benchmark mains of this module's tests: the median wall time of a run after a warm-up. */
public final class MedianTime {
    private MedianTime() {
    }

    /**
     * The median wall time in seconds of {@code repeats} runs of {@code run}, after one untimed warm-up run. The run
     * returns a value it read back from the device, so its time includes the work it queued.
     */
    public static double seconds(DoubleSupplier run, int repeats) {
        run.getAsDouble();
        double[] t = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            run.getAsDouble();
            t[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(t);
        return t[repeats / 2];
    }
}

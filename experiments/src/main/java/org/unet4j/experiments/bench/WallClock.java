package org.unet4j.experiments.bench;

import java.util.Arrays;

/** Median wall time of repeated runs of an action, the figure every table of the benchmark record gives. */
final class WallClock {
    private WallClock() {
    }

    /** Runs {@code body} {@code warmUp} times untimed, then {@code runs} times timed, and returns the median seconds. */
    static double medianSeconds(int warmUp, int runs, Runnable body) {
        if (warmUp < 0 || runs < 1) {
            throw new IllegalArgumentException("warm-up runs must be >= 0 and timed runs >= 1, got " + warmUp + " and "
                    + runs);
        }
        for (int i = 0; i < warmUp; i++) {
            body.run();
        }
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            body.run();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        return median(seconds);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}

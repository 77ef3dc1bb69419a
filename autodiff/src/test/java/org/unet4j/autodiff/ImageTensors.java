package org.unet4j.autodiff;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * Test inputs and checks shared by the imaging and normalisation properties: seeded random images, images without
 * ties (for max pooling's gradient), comparisons with a tolerance fitting the dtype, and runs on a given number of
 * threads. Inputs are placed as {@link TensorArbitraries#placed} says; results are read through host copies.
 */
final class ImageTensors {
    private ImageTensors() {
    }

    /** Standard normal values from {@code seed}. */
    static Tensor random(long seed, DType dtype, int... dims) {
        return TensorArbitraries.placed(TensorArbitraries.onHost(() -> Tensor.randn(new SplittableRandom(seed), dtype,
                dims)));
    }

    /** float64 values that are pairwise at least 0.1 apart, in random order: no window has a tied maximum. */
    static Tensor distinct(long seed, int... dims) {
        Tensor t = Tensor.wrap(new double[LoopReference.size(dims)], dims);
        int n = t.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        for (int i = 0; i < n; i++) {
            t.flatSet(i, 0.1 * order[i] - 0.05 * n);
        }
        return t;
    }

    /** Relative tolerance of a kernel's result: a few float32 roundings, or float64 ones. */
    static double tolerance(DType dtype) {
        return dtype == DType.FLOAT32 ? 2e-5 : 1e-12;
    }

    /** Asserts the shape and every value: {@code |expected - actual| <= tol (1 + |expected|)}. */
    static void assertClose(int[] expectedDims, double[] expected, Tensor actual, double tol, String what) {
        if (!Arrays.equals(expectedDims, actual.dims())) {
            throw new AssertionError(what + ": shape " + actual.shape() + ", expected " + Arrays.toString(expectedDims));
        }
        double[] values = actual.toDoubleArray();
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = values[i];
            if (!(Math.abs(e - a) <= tol * (1 + Math.abs(e)))) {
                throw new AssertionError(what + ": element " + i + " of " + actual.shape() + " is " + a + ", expected "
                        + e + " (tolerance " + tol + ")");
            }
        }
    }

    /** The result of {@code body} computed on a pool of {@code threads} threads (the previous size restored). */
    static <T> T withThreads(int threads, Supplier<T> body) {
        int previous = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            return body.get();
        } finally {
            Parallel.setThreads(previous);
        }
    }
}

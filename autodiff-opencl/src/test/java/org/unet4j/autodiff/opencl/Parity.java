package org.unet4j.autodiff.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;

/**
 * What the parity properties share: random host inputs in a type the device computes in, and the comparison of
 * OpenCL results with the CPU backend's, element by element, at the tolerance of their type: a float32 tolerance
 * that each property sets for its kernels, and {@link #FLOAT64} for float64, where the two backends differ only in
 * rounding (summation order, the last bits of the OpenCL math functions).
 */
final class Parity {
    /** Relative tolerance (against {@code max(1, |expected|)}) of float64 results. */
    static final double FLOAT64 = 1e-12;

    private Parity() {
    }

    /** Standard normal host samples in {@code dtype}, after rejecting the try if the device cannot compute in it. */
    static Tensor random(long seed, DType dtype, int... shape) {
        OpenClTestDevice.assumeComputesIn(dtype);
        return Tensor.randn(new SplittableRandom(seed), dtype, shape);
    }

    /**
     * Asserts that {@code actual} stayed on the OpenCL device with {@code expected}'s type and shape and that every
     * element is within the tolerance of its type ({@code float32Tolerance} or {@link #FLOAT64}), NaN matching NaN.
     */
    static void assertClose(Tensor expected, Tensor actual, double float32Tolerance, String what) {
        assertEquals(OpenClTestDevice.device(), actual.device(), what + ": the result must stay on the device");
        assertEquals(expected.dtype(), actual.dtype(), what + ": element type");
        assertArrayEquals(expected.dims(), actual.dims(), what + ": shape");
        assertClose(expected.toDoubleArray(), actual.toDoubleArray(), tolerance(expected.dtype(), float32Tolerance),
                what + " (" + expected.dtype() + " " + expected.shape() + ")");
    }

    /** Asserts that every entry of {@code actual} is within {@code tolerance} of {@code expected}'s. */
    static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (!(Double.isNaN(e) && Double.isNaN(a)) && !(Math.abs(e - a) <= tolerance * Math.max(1, Math.abs(e)))) {
                throw new AssertionError(what + ": element " + i + " is " + a + " on OpenCL, " + e + " on the CPU");
            }
        }
    }

    /** The relative tolerance for results of {@code dtype}. */
    static double tolerance(DType dtype, double float32Tolerance) {
        return dtype == DType.FLOAT64 ? FLOAT64 : float32Tolerance;
    }
}

package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;

/**
 * Plain-loop index arithmetic the property tests compare the engine against: row-major (un)ravelling, NumPy
 * broadcasting written out per element, and comparisons with tolerances that fit each dtype. Tensors are read
 * through host copies, so results on any device can be checked.
 */
final class LoopReference {
    private LoopReference() {
    }

    /** Number of elements of a shape. */
    static int size(int[] dims) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** The multi-index of row-major position {@code flat}. */
    static int[] unravel(int flat, int[] dims) {
        int[] index = new int[dims.length];
        for (int a = dims.length - 1; a >= 0; a--) {
            index[a] = flat % dims[a];
            flat /= dims[a];
        }
        return index;
    }

    /** The row-major position of a multi-index. */
    static int ravel(int[] index, int[] dims) {
        int flat = 0;
        for (int a = 0; a < dims.length; a++) {
            flat = flat * dims[a] + index[a];
        }
        return flat;
    }

    /** The broadcast of two shapes: aligned at the last axis, each size the one that is not 1 (or the only one). */
    static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** The row-major position in a tensor of shape {@code dims} that broadcasting reads for output index {@code out}. */
    static int source(int[] out, int[] dims) {
        int offset = out.length - dims.length;
        int flat = 0;
        for (int a = 0; a < dims.length; a++) {
            flat = flat * dims[a] + (dims[a] == 1 ? 0 : out[a + offset]);
        }
        return flat;
    }

    /** {@code f(a, b)} for every element of the broadcast shape, read through the broadcast index rule. */
    static double[] binary(Tensor a, Tensor b, DoubleBinaryOperator f) {
        int[] dims = broadcast(a.dims(), b.dims());
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        double[] out = new double[size(dims)];
        for (int i = 0; i < out.length; i++) {
            int[] index = unravel(i, dims);
            out[i] = f.applyAsDouble(x[source(index, a.dims())], y[source(index, b.dims())]);
        }
        return out;
    }

    /** Relative tolerance of one op's result in a dtype: a few roundings of float32, or of float64. */
    static double tolerance(DType dtype) {
        return dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
    }

    /** Asserts the shape and, within the dtype's tolerance, every value of {@code actual}. */
    static void assertValues(int[] expectedDims, double[] expected, Tensor actual, String what) {
        assertArrayEquals(expectedDims, actual.dims(), () -> what + ": shape");
        assertValues(expected, actual, tolerance(actual.dtype()), what);
    }

    /** Asserts every value: {@code |expected - actual| <= tol (1 + |expected|)}, NaN only where NaN is expected. */
    static void assertValues(double[] expected, Tensor actual, double tol, String what) {
        assertEquals(expected.length, actual.size(), () -> what + ": number of elements");
        double[] values = actual.toDoubleArray();
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = values[i];
            boolean ok = Double.isNaN(e) ? Double.isNaN(a) : e == a || Math.abs(e - a) <= tol * (1 + Math.abs(e));
            if (!ok) {
                throw new AssertionError(what + ": element " + Arrays.toString(unravel(i, actual.dims())) + " of "
                        + actual.shape() + " is " + a + ", expected " + e + " (tolerance " + tol + ")");
            }
        }
    }
}

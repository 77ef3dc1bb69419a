package org.unet4j.solvers.linear;

/**
 * Reductions on {@code double[]} prefixes used by the iterative solvers. Four independent partial sums let the
 * processor overlap the floating-point additions (the JIT does not reorder a floating-point reduction itself).
 */
final class VectorOps {
    private VectorOps() {
    }

    /** {@code sum_{i < n} a_i b_i}. */
    static double dot(double[] a, double[] b, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code sum_{i < n} |a_i|}. */
    static double sumAbs(double[] a, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += Math.abs(a[i]);
            s1 += Math.abs(a[i + 1]);
            s2 += Math.abs(a[i + 2]);
            s3 += Math.abs(a[i + 3]);
        }
        for (; i < n; i++) {
            s0 += Math.abs(a[i]);
        }
        return (s0 + s1) + (s2 + s3);
    }
}

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

    /**
     * The conjugate-gradient step {@code x += alpha p}, {@code r -= alpha q} over {@code [0, n)}, returning the new
     * {@code r^T r} (one pass instead of three).
     */
    static double updateSolutionAndResidual(double alpha, double[] p, double[] q, double[] x, double[] r, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            x[i] += alpha * p[i];
            x[i + 1] += alpha * p[i + 1];
            x[i + 2] += alpha * p[i + 2];
            x[i + 3] += alpha * p[i + 3];
            double r0 = r[i] - alpha * q[i];
            double r1 = r[i + 1] - alpha * q[i + 1];
            double r2 = r[i + 2] - alpha * q[i + 2];
            double r3 = r[i + 3] - alpha * q[i + 3];
            r[i] = r0;
            r[i + 1] = r1;
            r[i + 2] = r2;
            r[i + 3] = r3;
            s0 += r0 * r0;
            s1 += r1 * r1;
            s2 += r2 * r2;
            s3 += r3 * r3;
        }
        for (; i < n; i++) {
            x[i] += alpha * p[i];
            double ri = r[i] - alpha * q[i];
            r[i] = ri;
            s0 += ri * ri;
        }
        return (s0 + s1) + (s2 + s3);
    }
}

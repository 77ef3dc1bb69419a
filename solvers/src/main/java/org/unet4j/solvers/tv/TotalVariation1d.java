package org.unet4j.solvers.tv;

/**
 * The exact proximal operator of weighted 1-D total variation,
 * <pre>
 *   x = argmin_z 1/2 sum_k (z_k - y_k)^2 + sum_(k=0..n-2) w_k |z_(k+1) - z_k|,     w_k >= 0,
 * </pre>
 * by L. Condat's direct algorithm (<i>A direct algorithm for 1-D total variation denoising</i>, IEEE Signal
 * Processing Letters 20(11), 2013), with a weight per edge. The algorithm scans the signal once, keeping for the
 * current segment (start {@code k0}) the range {@code [vmin, vmax]} of values that keep the dual variable
 * {@code u_k = a + sum_(i=k0..k) (y_i - v)} inside its box {@code |u_i| <= w_i}, where {@code a} is the dual value
 * the previous jump left ({@code 0} at the start, {@code +-w} after a jump). When no value fits the next sample,
 * the segment ends at the last index where the violated bound was active and the scan restarts after it. The last
 * sample has the box {@code [0, 0]} ({@code u_(n-1) = 0} is the optimality condition at the free end), which makes
 * {@code vmin = vmax} there; this replaces the unweighted paper's separate end-of-signal loop by the same test.
 * Work {@code O(n)} on typical signals (a restart rescans from the segment's end), exact up to rounding.
 */
public final class TotalVariation1d {
    private TotalVariation1d() {
    }

    /**
     * Solves the weighted 1-D TV proximal problem.
     *
     * @param y       the signal, length {@code n >= 1}
     * @param weights the {@code n - 1} edge weights, finite and {@code >= 0}
     * @return the solution {@code x}, piecewise constant
     * @throws IllegalArgumentException if the lengths disagree or a weight is negative, NaN or infinite (naming its
     *                                  index and value)
     */
    public static double[] prox(double[] y, double[] weights) {
        if (y.length == 0 || weights.length != y.length - 1) {
            throw new IllegalArgumentException("1-D TV prox needs n >= 1 samples and n - 1 weights, got "
                    + y.length + " samples and " + weights.length + " weights");
        }
        for (int k = 0; k < weights.length; k++) {
            if (!(weights[k] >= 0) || weights[k] == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("TV edge weight " + k + " is " + weights[k]
                        + "; weights must be finite and >= 0");
            }
        }
        double[] x = new double[y.length];
        prox(y, 0, weights, 0, x, 0, y.length, 1, 1);
        return x;
    }

    /**
     * The unchecked strided form, for the rows and columns of a grid: sample {@code k} is
     * {@code y[yOffset + k * stride]} (written to {@code x} at the same place), edge {@code k} is
     * {@code w[wOffset + k * wStride]}. Inputs must be valid (as checked by {@link #prox(double[], double[])}).
     */
    static void prox(double[] y, int yOffset, double[] w, int wOffset, double[] x, int xOffset, int n, int stride,
                     int wStride) {
        int k0 = 0;
        double a = 0;
        while (true) {
            // a new segment starting at k0, entered with dual value a
            int k = k0;
            double b = bound(w, wOffset, wStride, n, k);
            double yk = y[yOffset + k * stride];
            double vmin = yk + a - b;
            double vmax = yk + a + b;
            double umin = b;
            double umax = -b;
            int kminus = k;
            int kplus = k;
            boolean restarted = false;
            while (k < n - 1) {
                int next = k + 1;
                double bn = bound(w, wOffset, wStride, n, next);
                double yn = y[yOffset + next * stride];
                double nextMin = umin + yn - vmin;
                double nextMax = umax + yn - vmax;
                if (nextMin < -bn) {
                    fill(x, xOffset, stride, k0, kminus, vmin);
                    a = w[wOffset + kminus * wStride];
                    k0 = kminus + 1;
                    restarted = true;
                    break;
                }
                if (nextMax > bn) {
                    fill(x, xOffset, stride, k0, kplus, vmax);
                    a = -w[wOffset + kplus * wStride];
                    k0 = kplus + 1;
                    restarted = true;
                    break;
                }
                k = next;
                int length = k - k0 + 1;
                umin = nextMin;
                umax = nextMax;
                if (umin >= bn) {
                    vmin += (umin - bn) / length;
                    umin = bn;
                    kminus = k;
                }
                if (umax <= -bn) {
                    vmax += (umax + bn) / length;
                    umax = -bn;
                    kplus = k;
                }
            }
            if (!restarted) {
                fill(x, xOffset, stride, k0, n - 1, 0.5 * (vmin + vmax));
                return;
            }
        }
    }

    /** The box of the dual variable after sample {@code k}: {@code w_k}, and {@code 0} after the last sample. */
    private static double bound(double[] w, int wOffset, int wStride, int n, int k) {
        return k == n - 1 ? 0 : w[wOffset + k * wStride];
    }

    private static void fill(double[] x, int offset, int stride, int from, int to, double value) {
        for (int k = from; k <= to; k++) {
            x[offset + k * stride] = value;
        }
    }
}

package org.unet4j.solvers.tv;

import java.util.stream.IntStream;

/**
 * The proximal operator of weighted anisotropic 2-D total variation on an {@code h x w} grid (row-major),
 * <pre>
 *   x = argmin_z 1/2 |z - p|^2 + V(z) + H(z),
 *   V(z) = sum_(i,j) v_ij |z_(i+1,j) - z_ij|   (axis 0, v of shape (h-1) x w),
 *   H(z) = sum_(i,j) r_ij |z_(i,j+1) - z_ij|   (axis 1, r of shape h x (w-1)),
 * </pre>
 * by the Dykstra-like proximal splitting of the two 1-D parts (Combettes and Pesquet, <i>Proximal splitting
 * methods in signal processing</i>, 2011, Algorithm 10.18; the scheme proxTV uses for 2-D TV): with
 * {@code x_0 = p, P_0 = Q_0 = 0},
 * <pre>
 *   y_n = prox_H(x_n + P_n),   P_(n+1) = x_n + P_n - y_n,      (every row: exact 1-D prox, {@link TotalVariation1d})
 *   x_(n+1) = prox_V(y_n + Q_n),   Q_(n+1) = y_n + Q_n - x_(n+1)   (every column)
 * </pre>
 * which converges to {@code x} for any convex pair. We chose it over a parametric max-flow (exact, but needing a
 * divide-and-conquer over levels on top of the grid max-flow) because each half-step is already exact and cheap
 * ({@code O(hw)}) and because it yields a certificate: {@code x_(n+1) = p - P_(n+1) - Q_(n+1)} with
 * {@code Q_(n+1)} a subgradient of {@code V} at {@code x_(n+1)} and {@code P_(n+1)} one of {@code H} at
 * {@code y_n}, so the duality gap is {@code gap = H(x_(n+1)) - <P_(n+1), x_(n+1)> >= 0} and, the objective being
 * 1-strongly convex, {@code |x_(n+1) - x|_2 <= sqrt(2 gap)}. The solve stops when this bound, as a root mean
 * square {@code sqrt(2 gap / hw)}, is at most the tolerance, and throws {@link ProxNotConvergedException} when
 * the iteration cap comes first.
 *
 * <p>{@link #refine} is the isotonic-regression refinement of Djolonga and Krause's layer (torch-submod): on the
 * cone of signals ordered like an approximate solution, {@code V + H} is linear, so the prox restricted to that
 * cone is an isotonic regression, solved exactly; it returns the exact solution whenever the order is right and
 * makes the level sets exact.
 */
public final class TotalVariation2d {
    /** The smallest tolerance the float64 certificate can attest. */
    public static final double MIN_TOLERANCE = 1e-7;
    private final double tolerance;
    private final int maxIterations;

    private TotalVariation2d(double tolerance, int maxIterations) {
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
    }

    /** Root-mean-square tolerance {@code 1e-6}, at most 10,000 iterations. */
    public static TotalVariation2d create() {
        return new TotalVariation2d(1e-6, 10_000);
    }

    /**
     * The same solver with another root-mean-square tolerance on the certified distance to the solution, at least
     * {@value #MIN_TOLERANCE}: the gap is a difference of sums computed in float64, so the bound
     * {@code sqrt(2 gap / hw)} cannot resolve much below the square root of the rounding error (about {@code 1e-8}
     * for values and weights of order one). For exact values use {@link #refine} on the result.
     */
    public TotalVariation2d tolerance(double rms) {
        if (!(rms >= MIN_TOLERANCE) || Double.isInfinite(rms)) {
            throw new IllegalArgumentException("TV prox tolerance must be finite and >= " + MIN_TOLERANCE + ", got "
                    + rms + " (the certificate cannot resolve smaller distances in float64; refine() the result for "
                    + "exact level sets)");
        }
        return new TotalVariation2d(rms, maxIterations);
    }

    /** The same solver with another iteration cap. */
    public TotalVariation2d maxIterations(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("TV prox iteration cap must be >= 1, got " + cap);
        }
        return new TotalVariation2d(tolerance, cap);
    }

    /**
     * Solves the prox problem.
     *
     * @param p          {@code h x w} values, row-major
     * @param vertical   {@code (h-1) x w} weights of the edges along axis 0, finite and {@code >= 0}
     * @param horizontal {@code h x (w-1)} weights of the edges along axis 1, finite and {@code >= 0}
     * @throws IllegalArgumentException    on wrong lengths or a negative, NaN or infinite weight
     * @throws ProxNotConvergedException   when the cap is reached before the tolerance
     */
    public double[] prox(double[] p, int height, int width, double[] vertical, double[] horizontal) {
        check(p, height, width, vertical, horizontal);
        int n = p.length;
        double[] x = p.clone();
        double[] y = new double[n];
        double[] t = new double[n];
        double[] rowsDual = new double[n];
        double[] colsDual = new double[n];
        double bound = Double.POSITIVE_INFINITY;
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            for (int i = 0; i < n; i++) {
                t[i] = x[i] + rowsDual[i];
            }
            for (int r = 0; r < height; r++) {
                TotalVariation1d.prox(t, r * width, horizontal, r * (width - 1), y, r * width, width, 1, 1);
            }
            for (int i = 0; i < n; i++) {
                rowsDual[i] = t[i] - y[i];
                t[i] = y[i] + colsDual[i];
            }
            for (int c = 0; c < width; c++) {
                TotalVariation1d.prox(t, c, vertical, c, x, c, height, width, width);
            }
            for (int i = 0; i < n; i++) {
                colsDual[i] = t[i] - x[i];
            }
            double gap = horizontalVariation(x, height, width, horizontal) - dot(rowsDual, x);
            bound = Math.sqrt(2 * Math.max(gap, 0) / n);
            if (bound <= tolerance) {
                return x;
            }
        }
        throw new ProxNotConvergedException("2-D TV prox (Dykstra-like splitting)", maxIterations, bound, tolerance);
    }

    /**
     * The isotonic-regression refinement: orders the points by {@code approximate} (ties by index), linearises
     * {@code V + H} on that order cone, {@code c_i = sum_(j ~ i) w_ij sign(rank_i - rank_j)}, and returns the
     * isotonic regression of {@code p - c} along the order: the exact prox restricted to the cone.
     */
    public static double[] refine(double[] p, int height, int width, double[] vertical, double[] horizontal,
                                  double[] approximate) {
        check(p, height, width, vertical, horizontal);
        int n = p.length;
        int[] order = IntStream.range(0, n).boxed()
                .sorted((a, b) -> Double.compare(approximate[a], approximate[b]))
                .mapToInt(Integer::intValue).toArray();
        int[] rank = new int[n];
        for (int k = 0; k < n; k++) {
            rank[order[k]] = k;
        }
        double[] c = new double[n];
        for (int r = 0; r < height; r++) {
            for (int col = 0; col < width; col++) {
                int i = r * width + col;
                if (col + 1 < width) {
                    linearise(c, rank, i, i + 1, horizontal[r * (width - 1) + col]);
                }
                if (r + 1 < height) {
                    linearise(c, rank, i, i + width, vertical[i]);
                }
            }
        }
        double[] sorted = new double[n];
        for (int k = 0; k < n; k++) {
            sorted[k] = p[order[k]] - c[order[k]];
        }
        double[] fit = IsotonicRegression.fit(sorted);
        double[] z = new double[n];
        for (int k = 0; k < n; k++) {
            z[order[k]] = fit[k];
        }
        return z;
    }

    private static void linearise(double[] c, int[] rank, int i, int j, double weight) {
        double s = Math.signum(rank[i] - rank[j]);
        c[i] += weight * s;
        c[j] -= weight * s;
    }

    /** The objective {@code 1/2 |z - p|^2 + V(z) + H(z)}. */
    public static double objective(double[] z, double[] p, int height, int width, double[] vertical,
                                   double[] horizontal) {
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            sum += 0.5 * (z[i] - p[i]) * (z[i] - p[i]);
        }
        for (int i = 0; i + width < z.length; i++) {
            sum += vertical[i] * Math.abs(z[i + width] - z[i]);
        }
        return sum + horizontalVariation(z, height, width, horizontal);
    }

    private static double horizontalVariation(double[] z, int height, int width, double[] horizontal) {
        double sum = 0;
        for (int r = 0; r < height; r++) {
            for (int c = 0; c + 1 < width; c++) {
                sum += horizontal[r * (width - 1) + c] * Math.abs(z[r * width + c + 1] - z[r * width + c]);
            }
        }
        return sum;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void check(double[] p, int height, int width, double[] vertical, double[] horizontal) {
        if (height < 1 || width < 1 || p.length != height * width) {
            throw new IllegalArgumentException("2-D TV prox: " + p.length + " values do not fill a " + height + " x "
                    + width + " grid");
        }
        if (vertical.length != (height - 1) * width || horizontal.length != height * (width - 1)) {
            throw new IllegalArgumentException("2-D TV prox on a " + height + " x " + width + " grid needs "
                    + (height - 1) * width + " vertical and " + height * (width - 1) + " horizontal weights, got "
                    + vertical.length + " and " + horizontal.length);
        }
        requireAdmissible("vertical", vertical);
        requireAdmissible("horizontal", horizontal);
    }

    private static void requireAdmissible(String axis, double[] w) {
        for (int i = 0; i < w.length; i++) {
            if (!(w[i] >= 0) || w[i] == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("TV " + axis + " edge weight " + i + " is " + w[i]
                        + "; weights must be finite and >= 0");
            }
        }
    }

    @Override
    public String toString() {
        return "TotalVariation2d(Dykstra-like, rms tolerance " + tolerance + ", maxIterations " + maxIterations
                + ")";
    }
}

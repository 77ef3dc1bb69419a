package org.unet4j.solvers.tv;

import java.util.stream.IntStream;

/**
 * The proximal operator of weighted anisotropic 2-D total variation on an {@code h x w} grid (row-major),
 * <pre>
 *   x = argmin_z 1/2 |z - p|^2 + V(z) + H(z),
 *   V(z) = sum_(i,j) v_ij |z_(i+1,j) - z_ij|   (axis 0, v of shape (h-1) x w),
 *   H(z) = sum_(i,j) r_ij |z_(i,j+1) - z_ij|   (axis 1, r of shape h x (w-1)),
 * </pre>
 * by accelerated alternating minimisation of its dual (Chambolle and Pock, <i>A remark on accelerated block
 * coordinate descent for computing the proximity operators of a sum of convex functions</i>, SMAI J. Comput. Math.
 * 2015): the dual is {@code max 1/2 |p|^2 - 1/2 |p - P - Q|^2} over {@code P} in {@code dom H*} and {@code Q} in
 * {@code dom V*}, and minimising over one block is the exact 1-D prox of every row or column
 * ({@link TotalVariation1d}). With {@code Z_0 = Q_0 = 0}, {@code s_0 = 1}:
 * <pre>
 *   y_n = prox_H(p - Z_n),          P_(n+1) = p - Z_n - y_n                  (every row)
 *   x_(n+1) = prox_V(y_n + Z_n),    Q_(n+1) = y_n + Z_n - x_(n+1)            (every column)
 *   s_(n+1) = (1 + sqrt(1 + 4 s_n^2)) / 2,   Z_(n+1) = Q_(n+1) + ((s_n - 1) / s_(n+1)) (Q_(n+1) - Q_n)
 * </pre>
 * with {@code s} reset to 1 whenever the duality gap grows (adaptive restart, O'Donoghue and Candes 2015). Without
 * the extrapolation ({@code Z = Q}) this is the Dykstra-like splitting of Combettes and Pesquet (2011, Algorithm
 * 10.18) the solver used before, which stalls when the weights span several orders of magnitude.
 *
 * <p>Certificate: {@code x_(n+1) = p - P_(n+1) - Q_(n+1)} and the pair {@code (P, Q)} is dual-feasible, so for any
 * candidate {@code z} the objective being 1-strongly convex gives
 * <pre>
 *   1/2 |z - x*|^2 <= Phi(z) - D(P, Q) = 1/2 |z - x|^2 + (H(z) - &lt;P, z&gt;) + (V(z) - &lt;Q, z&gt;),
 * </pre>
 * each bracket a sum over edges of {@code w_e |dz_e| + f_e dz_e >= 0} with {@code f} the edge flows of {@code P}
 * or {@code Q} (partial sums along the line), so the gap is summed from non-negative terms, without cancellation.
 * The candidates are the iterate {@code x} and, every {@value #REFINE_EVERY} iterations unless
 * {@link #refinedCandidates} turns it off, its isotonic refinement ({@link #refine}), which is exact once the
 * iterate orders the points correctly and certifies where weights spanning orders of magnitude keep the iterate's
 * own bound from falling; the first candidate whose bound
 * {@code sqrt(2 gap / hw)} (a root mean square) is at most the tolerance is returned, and
 * {@link ProxNotConvergedException} is thrown when the iteration cap comes first.
 *
 * <p>{@link #refine} is the isotonic-regression refinement of Djolonga and Krause's layer (torch-submod): on the
 * cone of signals ordered like an approximate solution, {@code V + H} is linear, so the prox restricted to that
 * cone is an isotonic regression, solved exactly; it returns the exact solution whenever the order is right and
 * makes the level sets exact.
 */
public final class TotalVariation2d {
    /** The smallest tolerance the float64 certificate can attest. */
    public static final double MIN_TOLERANCE = 1e-7;
    /** Iterations between two certified refinements of the iterate. */
    static final int REFINE_EVERY = 25;
    private final double tolerance;
    private final int maxIterations;
    private final boolean refinedCandidates;

    private TotalVariation2d(double tolerance, int maxIterations, boolean refinedCandidates) {
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.refinedCandidates = refinedCandidates;
    }

    /** Root-mean-square tolerance {@code 1e-6}, at most 10,000 iterations. */
    public static TotalVariation2d create() {
        return new TotalVariation2d(1e-6, 10_000, true);
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
        return new TotalVariation2d(rms, maxIterations, refinedCandidates);
    }

    /** The same solver with another iteration cap. */
    public TotalVariation2d maxIterations(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("TV prox iteration cap must be >= 1, got " + cap);
        }
        return new TotalVariation2d(tolerance, cap, refinedCandidates);
    }

    /**
     * The same solver with or without the refined candidates (default with): without, the result is always the
     * iterate itself, an approximate solution that is not piecewise constant across rows (Djolonga and Krause's
     * layer without isotonic regression), at the price of more iterations, or none certified, for weights spanning
     * orders of magnitude.
     */
    public TotalVariation2d refinedCandidates(boolean on) {
        return new TotalVariation2d(tolerance, maxIterations, on);
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
        double[] x = new double[n];
        double[] y = new double[n];
        double[] t = new double[n];
        double[] rowsDual = new double[n];
        double[] colsDual = new double[n];
        double[] extrapolated = new double[n];
        double momentum = 1;
        double lastGap = Double.POSITIVE_INFINITY;
        double bound = Double.POSITIVE_INFINITY;
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            for (int i = 0; i < n; i++) {
                t[i] = p[i] - extrapolated[i];
            }
            for (int r = 0; r < height; r++) {
                TotalVariation1d.prox(t, r * width, horizontal, r * (width - 1), y, r * width, width, 1, 1);
            }
            for (int i = 0; i < n; i++) {
                rowsDual[i] = t[i] - y[i];
                t[i] = y[i] + extrapolated[i];
            }
            for (int c = 0; c < width; c++) {
                TotalVariation1d.prox(t, c, vertical, c, x, c, height, width, width);
            }
            double next = (1 + Math.sqrt(1 + 4 * momentum * momentum)) / 2;
            double beta = (momentum - 1) / next;
            for (int i = 0; i < n; i++) {
                double q = t[i] - x[i];
                extrapolated[i] = q + beta * (q - colsDual[i]);
                colsDual[i] = q;
            }
            double gap = rowsGap(x, rowsDual, height, width, horizontal);
            bound = rmsBound(gap, n);
            if (bound <= tolerance) {
                return x;
            }
            if (refinedCandidates && iteration % REFINE_EVERY == 0) {
                double[] z = refine(p, height, width, vertical, horizontal, x);
                double refinedBound = rmsBound(halfSquaredDistance(z, x) + rowsGap(z, rowsDual, height, width,
                        horizontal) + columnsGap(z, colsDual, height, width, vertical), n);
                if (refinedBound <= tolerance) {
                    return z;
                }
            }
            if (gap > lastGap) {
                momentum = 1;
                System.arraycopy(colsDual, 0, extrapolated, 0, n);
            } else {
                momentum = next;
            }
            lastGap = gap;
        }
        throw new ProxNotConvergedException("2-D TV prox (accelerated dual block descent)", maxIterations, bound,
                tolerance);
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

    /** {@code sqrt(2 gap / n)}, the certified root-mean-square distance of a candidate with duality gap {@code gap}. */
    private static double rmsBound(double gap, int n) {
        return Math.sqrt(2 * Math.max(gap, 0) / n);
    }

    private static double halfSquaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += 0.5 * (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

    /** {@code H(z) - <P, z>} along the rows, from the edge flows of {@code P}. */
    private static double rowsGap(double[] z, double[] dual, int height, int width, double[] horizontal) {
        return lineGap(z, dual, height, width, 1, width, horizontal, 1, width - 1);
    }

    /** {@code V(z) - <Q, z>} along the columns, from the edge flows of {@code Q}. */
    private static double columnsGap(double[] z, double[] dual, int height, int width, double[] vertical) {
        return lineGap(z, dual, width, height, width, 1, vertical, width, 1);
    }

    /**
     * {@code sum_lines (sum_e w_e |dz_e| - <D_line, z_line>)} with the line's dual written as edge flows
     * {@code f_e = sum_(k <= e) D_k}: {@code sum_e (w_e |dz_e| + f_e dz_e) - f_last z_last}, where {@code f_last},
     * the line's dual sum, is zero up to rounding. Point k of line l is {@code l lineStart + k step}, its edge to the
     * next point weighs {@code w[l weightLine + k weightStep]}.
     */
    private static double lineGap(double[] z, double[] dual, int lines, int length, int step, int lineStart,
            double[] w, int weightStep, int weightLine) {
        double gap = 0;
        for (int l = 0; l < lines; l++) {
            int base = l * lineStart;
            double flow = 0;
            for (int k = 0; k + 1 < length; k++) {
                flow += dual[base + k * step];
                double d = z[base + (k + 1) * step] - z[base + k * step];
                gap += w[l * weightLine + k * weightStep] * Math.abs(d) + flow * d;
            }
            flow += dual[base + (length - 1) * step];
            gap -= flow * z[base + (length - 1) * step];
        }
        return gap;
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
        return "TotalVariation2d(accelerated dual block descent, rms tolerance " + tolerance + ", maxIterations "
                + maxIterations + (refinedCandidates ? ", refined candidates" : "") + ")";
    }
}

package org.unet4j.solvers.linear;

import java.util.Arrays;

/**
 * Preconditioned conjugate gradient for {@code A x = b} with {@code A} symmetric positive definite, given only as
 * a {@link SymmetricOperator} (Hestenes and Stiefel 1952; Algorithm 2 of Bonfiglio's SoftCut thesis, 2022).
 *
 * <p>With {@code r_0 = b - A x_0}, {@code z_0 = M^-1 r_0}, {@code p_0 = z_0}, each iteration does
 * <pre>
 *   alpha_k = r_k^T z_k / p_k^T A p_k
 *   x_k+1   = x_k + alpha_k p_k          r_k+1 = r_k - alpha_k A p_k
 *   z_k+1   = M^-1 r_k+1                 beta_k = r_k+1^T z_k+1 / r_k^T z_k
 *   p_k+1   = z_k+1 + beta_k p_k
 * </pre>
 * which with {@code M = I} is the thesis's Algorithm 2 (whose line 16 prints {@code r - beta p}; the sign is
 * {@code +}). It stops by its {@link StoppingRule}, checked on the recursively updated residual before each
 * iteration; one operator application and one preconditioner application per iteration. The iteration is written
 * once, over a {@link CgSpace}: here one system of {@code double[]}s, or one operator with several right-hand sides
 * ({@link #solveAll}), in {@link GridConjugateGradient} a batch of SoftCut grid systems as tensors on any device.
 *
 * <p>Warm start: {@code x} holds the initial guess on entry (the thesis uses {@code x_0 = b}, the scores) and the
 * solution on return. An instance keeps its four work vectors between calls, so repeated solves of one size
 * allocate nothing; it is therefore not thread-safe: use one per thread.
 *
 * <pre>{@code
 * var system = new GridLaplacianSystem(new int[] {h, w}, columnWeights, rowWeights);
 * double[] x = scores.clone();                                  // warm start x_0 = p
 * IterativeSolveResult r = new ConjugateGradient(StoppingRule.softCutThesis()).solve(system, scores, x);
 * }</pre>
 */
public final class ConjugateGradient {
    private static final String NAME = "conjugate gradient";
    private final StoppingRule rule;
    private double[] residual = new double[0];
    private double[] preconditioned = new double[0];
    private double[] direction = new double[0];
    private double[] product = new double[0];

    /** A solver that stops by {@code rule}. */
    public ConjugateGradient(StoppingRule rule) {
        if (rule == null) {
            throw new IllegalArgumentException("rule must not be null");
        }
        this.rule = rule;
    }

    /** The stopping rule. */
    public StoppingRule rule() {
        return rule;
    }

    /**
     * Plain (unpreconditioned) conjugate gradient, the thesis's Algorithm 2; see
     * {@link #solve(SymmetricOperator, double[], double[], Preconditioner)}.
     */
    public IterativeSolveResult solve(SymmetricOperator a, double[] b, double[] x) {
        return solve(a, b, x, Preconditioner.IDENTITY);
    }

    /**
     * Solves {@code A x = b} starting from the {@code x} given.
     *
     * @param a the operator, symmetric positive definite
     * @param b the right-hand side, unchanged
     * @param x the initial guess on entry, the last iterate on return
     * @param m the preconditioner, {@link Preconditioner#IDENTITY} for none
     * @return iterations, final residual and whether the tolerance was met
     * @throws NotPositiveDefiniteException if a direction with {@code p^T A p <= 0} shows {@code A} is not SPD
     * @throws NotConvergedException        if the cap is reached and the rule says to throw
     */
    public IterativeSolveResult solve(SymmetricOperator a, double[] b, double[] x, Preconditioner m) {
        int n = a.size();
        if (b.length != n || x.length != n) {
            throw new IllegalArgumentException("operator of size " + n + " needs b and x of that length, got "
                    + b.length + " and " + x.length);
        }
        allocate(n);
        boolean plain = m == Preconditioner.IDENTITY;
        HostSpace space = new HostSpace(a, m, n);
        return rule.finish(NAME, iterate(rule, space, b, x, residual, plain ? residual : preconditioned,
                direction, product));
    }

    /**
     * Solves {@code A x[c] = b[c]} for every column {@code c}: {@code K} conjugate gradients on one operator that
     * share their operator applications (not O'Leary's block conjugate gradient, whose search space mixes the
     * columns). The columns iterate in lockstep, each with its own {@code alpha}, {@code beta} and stopping by the
     * rule; a column that has met its tolerance stops updating, and each iteration applies {@code A} to all still
     * active columns at once ({@link SymmetricOperator#applyAll}, one pass over a grid's weights). Every column gets
     * the iterates and iteration count of {@link #solve(SymmetricOperator, double[], double[], Preconditioner)} on it
     * alone.
     *
     * @param b the right-hand sides, unchanged
     * @param x the initial guesses on entry, the last iterates on return
     * @return per column, its iterations, final residual and threshold
     * @throws NotPositiveDefiniteException if a direction with {@code p^T A p <= 0} shows {@code A} is not SPD
     * @throws NotConvergedException        naming the first column that reached the cap, if the rule says to throw
     */
    public IterativeSolveResult[] solveAll(SymmetricOperator a, double[][] b, double[][] x, Preconditioner m) {
        int n = a.size();
        if (b.length != x.length) {
            throw new IllegalArgumentException("need one initial guess per right-hand side, got " + b.length
                    + " right-hand sides and " + x.length + " initial guesses");
        }
        for (int c = 0; c < b.length; c++) {
            if (b[c].length != n || x[c].length != n) {
                throw new IllegalArgumentException("operator of size " + n + " needs b and x of that length, got "
                        + b[c].length + " and " + x[c].length + " in column " + c);
            }
        }
        int columns = b.length;
        boolean plain = m == Preconditioner.IDENTITY;
        double[][] r = new double[columns][n];
        double[][] p = new double[columns][n];
        double[][] q = new double[columns][n];
        double[][] z = plain ? r : new double[columns][n];
        IterativeSolveResult[] each = iterateEach(rule, new ColumnsSpace(a, m, n, columns), b, x, r, z, p, q);
        for (int c = 0; c < columns; c++) {
            rule.finish(NAME + " (column " + c + " of " + columns + ")", each[c]);
        }
        return each;
    }

    /**
     * The iteration of the class comment on every system of {@code space} at once, summed up in one result; see
     * {@link #iterateEach}.
     *
     * @return the iterations run, and the final residual and threshold of the system furthest from its tolerance
     *         (converged when every system met its tolerance)
     */
    static <V> IterativeSolveResult iterate(StoppingRule rule, CgSpace<V> space, V b, V x, V r, V z, V p, V q) {
        IterativeSolveResult[] each = iterateEach(rule, space, b, x, r, z, p, q);
        if (each.length == 0) {
            return new IterativeSolveResult(0, 0, 0, rule.norm(), true);
        }
        int worst = 0;
        int iterations = 0;
        boolean converged = true;
        for (int s = 0; s < each.length; s++) {
            IterativeSolveResult e = each[s];
            iterations = Math.max(iterations, e.iterations());
            converged &= e.converged();
            if (!(e.residual() * each[worst].threshold() <= each[worst].residual() * e.threshold())) {
                worst = s;
            }
        }
        return new IterativeSolveResult(iterations, each[worst].residual(), each[worst].threshold(), rule.norm(),
                converged);
    }

    /**
     * The iteration of the class comment on every system of {@code space} at once: each stops by {@code rule} on its
     * recursively updated residual, checked before each iteration; a stopped system stays stopped and keeps its x
     * (its step sizes are 0, and the space is told by {@link CgSpace#restrictTo} that it may skip it) while the
     * others go on, until all have stopped or {@code maxIterations} iterations have run. Each system sees exactly
     * the scalars a solve of it alone would. {@code z} is r itself without a preconditioner.
     *
     * @return per system, its iterations, final residual and threshold
     * @throws NotPositiveDefiniteException if a direction with {@code p^T A p <= 0} shows an operator is not SPD
     */
    static <V> IterativeSolveResult[] iterateEach(StoppingRule rule, CgSpace<V> space, V b, V x, V r, V z, V p,
                                                  V q) {
        int systems = space.systems();
        if (systems == 0) {
            return new IterativeSolveResult[0];
        }
        boolean euclidean = rule.norm() == ResidualNorm.EUCLIDEAN;
        double[] threshold = measure(rule, space, b, null);
        for (int s = 0; s < systems; s++) {
            threshold[s] = rule.threshold(threshold[s]);
        }
        space.apply(x, q);
        space.residual(b, q, r);
        double[] rr = euclidean || !space.preconditioned() ? space.dots(r, r) : null;
        double[] norm = measure(rule, space, r, rr);
        if (space.preconditioned()) {
            space.precondition(r, z);
        }
        space.copy(z, p);
        double[] rz = space.preconditioned() ? space.dots(r, z) : rr != null ? rr : space.dots(r, r);
        boolean[] active = new boolean[systems];
        Arrays.fill(active, true);
        int[] iterations = new int[systems];
        boolean anyActive = update(active, norm, threshold);
        int iteration = 0;
        while (anyActive && iteration < rule.maxIterations()) {
            space.restrictTo(active);
            space.apply(p, q);
            double[] curvature = space.dots(p, q);
            double[] alpha = new double[systems];
            for (int s = 0; s < systems; s++) {
                if (active[s]) {
                    if (!(curvature[s] > 0)) {
                        throw new NotPositiveDefiniteException("conjugate gradient" + space.where() + " found p^T A p = "
                                + curvature[s] + (systems > 1 ? " in system " + s : "") + " at iteration "
                                + (iteration + 1) + ": the operator is not symmetric positive definite");
                    }
                    alpha[s] = rz[s] / curvature[s];
                    iterations[s]++;
                }
            }
            double[] next = space.updateSolutionAndResidual(alpha, p, q, x, r);
            iteration++;
            double[] measured = euclidean ? squareRoots(next) : measure(rule, space, r, next);
            for (int s = 0; s < systems; s++) {
                if (active[s]) {
                    norm[s] = measured[s];
                }
            }
            anyActive = update(active, norm, threshold);
            if (!anyActive) {
                break;
            }
            double[] rzNext;
            if (space.preconditioned()) {
                space.restrictTo(active);
                space.precondition(r, z);
                rzNext = space.dots(r, z);
            } else {
                rzNext = next;
            }
            double[] beta = new double[systems];
            for (int s = 0; s < systems; s++) {
                beta[s] = active[s] ? rzNext[s] / rz[s] : 0;
            }
            space.updateDirection(z, beta, p);
            rz = rzNext;
        }
        IterativeSolveResult[] each = new IterativeSolveResult[systems];
        for (int s = 0; s < systems; s++) {
            each[s] = new IterativeSolveResult(iterations[s], norm[s], threshold[s], rule.norm(),
                    norm[s] <= threshold[s]);
        }
        return each;
    }

    /**
     * Keeps active the systems that are and are still above their threshold (finite residuals only); returns whether
     * any is.
     */
    private static boolean update(boolean[] active, double[] norm, double[] threshold) {
        boolean any = false;
        for (int s = 0; s < active.length; s++) {
            active[s] &= norm[s] > threshold[s] && Double.isFinite(norm[s]);
            any |= active[s];
        }
        return any;
    }

    /** Per system, the rule's norm of v, whose squared 2-norms are {@code squares} when known (else null). */
    private static <V> double[] measure(StoppingRule rule, CgSpace<V> space, V v, double[] squares) {
        if (rule.norm() == ResidualNorm.EUCLIDEAN) {
            return squareRoots(squares != null ? squares : space.dots(v, v));
        }
        double[] sums = space.absoluteSums(v);
        for (int s = 0; s < sums.length; s++) {
            sums[s] /= space.size();
        }
        return sums;
    }

    private static double[] squareRoots(double[] values) {
        double[] out = new double[values.length];
        for (int s = 0; s < out.length; s++) {
            out[s] = Math.sqrt(values[s]);
        }
        return out;
    }

    /** One system on the host: the operator, the preconditioner and {@link VectorOps}' loops over double[]. */
    private record HostSpace(SymmetricOperator a, Preconditioner m, int size) implements CgSpace<double[]> {

        @Override
        public int systems() {
            return 1;
        }

        @Override
        public void apply(double[] v, double[] out) {
            a.apply(v, out);
        }

        @Override
        public void residual(double[] b, double[] q, double[] r) {
            for (int i = 0; i < size; i++) {
                r[i] = b[i] - q[i];
            }
        }

        @Override
        public boolean preconditioned() {
            return m != Preconditioner.IDENTITY;
        }

        @Override
        public void precondition(double[] r, double[] z) {
            m.apply(r, z);
        }

        @Override
        public void copy(double[] from, double[] to) {
            System.arraycopy(from, 0, to, 0, size);
        }

        @Override
        public double[] dots(double[] u, double[] v) {
            return new double[] {VectorOps.dot(u, v, size)};
        }

        @Override
        public double[] absoluteSums(double[] v) {
            return new double[] {VectorOps.sumAbs(v, size)};
        }

        @Override
        public double[] updateSolutionAndResidual(double[] alpha, double[] p, double[] q, double[] x, double[] r) {
            return new double[] {VectorOps.updateSolutionAndResidual(alpha[0], p, q, x, r, size)};
        }

        @Override
        public void updateDirection(double[] z, double[] beta, double[] p) {
            double b = beta[0];
            for (int i = 0; i < size; i++) {
                p[i] = z[i] + b * p[i];
            }
        }

        @Override
        public String where() {
            return "";
        }
    }

    /**
     * Several systems with one operator on the host, one {@code double[]} per column; the columns the iteration has
     * stopped are skipped in every operation (their vectors stay as they are, their scalars come back as 0 and are
     * not read).
     */
    private static final class ColumnsSpace implements CgSpace<double[][]> {
        private final SymmetricOperator a;
        private final Preconditioner m;
        private final int size;
        private final boolean[] active;

        ColumnsSpace(SymmetricOperator a, Preconditioner m, int size, int columns) {
            this.a = a;
            this.m = m;
            this.size = size;
            this.active = new boolean[columns];
            Arrays.fill(active, true);
        }

        @Override
        public int systems() {
            return active.length;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void restrictTo(boolean[] stillActive) {
            System.arraycopy(stillActive, 0, active, 0, active.length);
        }

        @Override
        public void apply(double[][] v, double[][] out) {
            a.applyAll(v, out, active);
        }

        @Override
        public void residual(double[][] b, double[][] q, double[][] r) {
            for (int c = 0; c < active.length; c++) {
                if (active[c]) {
                    for (int i = 0; i < size; i++) {
                        r[c][i] = b[c][i] - q[c][i];
                    }
                }
            }
        }

        @Override
        public boolean preconditioned() {
            return m != Preconditioner.IDENTITY;
        }

        @Override
        public void precondition(double[][] r, double[][] z) {
            for (int c = 0; c < active.length; c++) {
                if (active[c]) {
                    m.apply(r[c], z[c]);
                }
            }
        }

        @Override
        public void copy(double[][] from, double[][] to) {
            for (int c = 0; c < active.length; c++) {
                if (active[c]) {
                    System.arraycopy(from[c], 0, to[c], 0, size);
                }
            }
        }

        @Override
        public double[] dots(double[][] u, double[][] v) {
            double[] out = new double[active.length];
            for (int c = 0; c < active.length; c++) {
                if (active[c]) {
                    out[c] = VectorOps.dot(u[c], v[c], size);
                }
            }
            return out;
        }

        @Override
        public double[] absoluteSums(double[][] v) {
            double[] out = new double[active.length];
            for (int c = 0; c < active.length; c++) {
                if (active[c]) {
                    out[c] = VectorOps.sumAbs(v[c], size);
                }
            }
            return out;
        }

        @Override
        public double[] updateSolutionAndResidual(double[] alpha, double[][] p, double[][] q, double[][] x,
                                                  double[][] r) {
            double[] out = new double[active.length];
            for (int c = 0; c < active.length; c++) {
                if (active[c]) {
                    out[c] = VectorOps.updateSolutionAndResidual(alpha[c], p[c], q[c], x[c], r[c], size);
                }
            }
            return out;
        }

        @Override
        public void updateDirection(double[][] z, double[] beta, double[][] p) {
            for (int c = 0; c < active.length; c++) {
                if (active[c]) {
                    double bc = beta[c];
                    for (int i = 0; i < size; i++) {
                        p[c][i] = z[c][i] + bc * p[c][i];
                    }
                }
            }
        }

        @Override
        public String where() {
            return "";
        }
    }

    private void allocate(int n) {
        if (residual.length != n) {
            residual = new double[n];
            preconditioned = new double[n];
            direction = new double[n];
            product = new double[n];
        }
    }

    /** The solver and its stopping rule. */
    @Override
    public String toString() {
        return "ConjugateGradient[" + rule + "]";
    }
}

package org.unet4j.solvers.linear;

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
 * iteration; one operator application and one preconditioner application per iteration.
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
        double[] r = residual;
        double[] p = direction;
        double[] q = product;
        boolean plain = m == Preconditioner.IDENTITY;
        double[] z = plain ? r : preconditioned;

        double threshold = rule.threshold(rule.measure(b, n));
        a.apply(x, q);
        for (int i = 0; i < n; i++) {
            r[i] = b[i] - q[i];
        }
        double norm = rule.measure(r, n);
        int iteration = 0;
        if (!plain) {
            m.apply(r, z);
        }
        System.arraycopy(z, 0, p, 0, n);
        double rz = VectorOps.dot(r, z, n);
        boolean euclidean = rule.norm() == ResidualNorm.EUCLIDEAN;
        while (norm > threshold && iteration < rule.maxIterations() && Double.isFinite(norm)) {
            a.apply(p, q);
            double curvature = VectorOps.dot(p, q, n);
            if (!(curvature > 0)) {
                throw new NotPositiveDefiniteException("conjugate gradient found p^T A p = " + curvature
                        + " at iteration " + (iteration + 1) + ": the operator is not symmetric positive definite");
            }
            double alpha = rz / curvature;
            double rr = VectorOps.updateSolutionAndResidual(alpha, p, q, x, r, n);
            iteration++;
            norm = euclidean ? Math.sqrt(rr) : VectorOps.sumAbs(r, n) / n;
            if (norm <= threshold) {
                break;
            }
            double rzNext;
            if (plain) {
                rzNext = rr;
            } else {
                m.apply(r, z);
                rzNext = VectorOps.dot(r, z, n);
            }
            double beta = rzNext / rz;
            rz = rzNext;
            for (int i = 0; i < n; i++) {
                p[i] = z[i] + beta * p[i];
            }
        }
        return rule.finish(NAME, new IterativeSolveResult(iteration, norm, threshold, rule.norm(),
                norm <= threshold));
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

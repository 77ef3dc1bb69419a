package org.unet4j.solvers.linear;

/**
 * When an iterative solver stops: as soon as {@code norm(r) <= max(rtol * norm(b), atol)}, or after
 * {@code maxIterations} iterations without that (reported as not converged, or thrown as
 * {@link NotConvergedException} when {@code throwIfNotConverged}).
 *
 * <pre>{@code
 * StoppingRule.relative(1e-6)                        // ||r||_2 <= 1e-6 ||b||_2, as SciPy's cg(tol=1e-6)
 * StoppingRule.softCutThesis()                       // sum |r| < 1e-6 n, the thesis's rule
 * StoppingRule.relative(1e-8).withAbsoluteTolerance(1e-12).withMaxIterations(200).throwingIfNotConverged()
 * }</pre>
 *
 * @param norm                how residuals are measured
 * @param relativeTolerance   {@code rtol >= 0}, relative to {@code norm(b)}
 * @param absoluteTolerance   {@code atol >= 0}
 * @param maxIterations       the iteration cap, {@code >= 0}
 * @param throwIfNotConverged throw instead of returning a not-converged result
 */
public record StoppingRule(ResidualNorm norm, double relativeTolerance, double absoluteTolerance, int maxIterations,
                           boolean throwIfNotConverged) {

    /** Default iteration cap of the factories. */
    public static final int DEFAULT_MAX_ITERATIONS = 10_000;

    /**
     * @throws IllegalArgumentException naming the option that is wrong
     */
    public StoppingRule {
        if (norm == null) {
            throw new IllegalArgumentException("norm must not be null");
        }
        if (!(relativeTolerance >= 0) || Double.isInfinite(relativeTolerance)) {
            throw new IllegalArgumentException("relativeTolerance must be finite and >= 0, got " + relativeTolerance);
        }
        if (!(absoluteTolerance >= 0) || Double.isInfinite(absoluteTolerance)) {
            throw new IllegalArgumentException("absoluteTolerance must be finite and >= 0, got " + absoluteTolerance);
        }
        if (relativeTolerance == 0 && absoluteTolerance == 0) {
            throw new IllegalArgumentException("relativeTolerance and absoluteTolerance are both 0: "
                    + "no floating-point iteration can promise a zero residual");
        }
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
        }
    }

    /** {@code ||r||_2 <= rtol ||b||_2}, at most {@value #DEFAULT_MAX_ITERATIONS} iterations. */
    public static StoppingRule relative(double relativeTolerance) {
        return new StoppingRule(ResidualNorm.EUCLIDEAN, relativeTolerance, 0, DEFAULT_MAX_ITERATIONS, false);
    }

    /**
     * The SoftCut thesis's rule (Section 3): stop when {@code sum_i |r_i| < 1e-6 n}, i.e. the mean absolute
     * residual is below {@code 1e-6}; at most {@value #DEFAULT_MAX_ITERATIONS} iterations.
     */
    public static StoppingRule softCutThesis() {
        return new StoppingRule(ResidualNorm.MEAN_ABSOLUTE, 0, 1e-6, DEFAULT_MAX_ITERATIONS, false);
    }

    /** This rule with another absolute tolerance. */
    public StoppingRule withAbsoluteTolerance(double atol) {
        return new StoppingRule(norm, relativeTolerance, atol, maxIterations, throwIfNotConverged);
    }

    /** This rule with another relative tolerance. */
    public StoppingRule withRelativeTolerance(double rtol) {
        return new StoppingRule(norm, rtol, absoluteTolerance, maxIterations, throwIfNotConverged);
    }

    /** This rule with another iteration cap. */
    public StoppingRule withMaxIterations(int cap) {
        return new StoppingRule(norm, relativeTolerance, absoluteTolerance, cap, throwIfNotConverged);
    }

    /** This rule, throwing {@link NotConvergedException} when the cap is reached. */
    public StoppingRule throwingIfNotConverged() {
        return new StoppingRule(norm, relativeTolerance, absoluteTolerance, maxIterations, true);
    }

    /** This rule, returning a not-converged {@link IterativeSolveResult} when the cap is reached. */
    public StoppingRule reportingIfNotConverged() {
        return new StoppingRule(norm, relativeTolerance, absoluteTolerance, maxIterations, false);
    }

    /** The threshold for a right-hand side whose norm is {@code normOfB}: {@code max(rtol * normOfB, atol)}. */
    public double threshold(double normOfB) {
        return Math.max(relativeTolerance * normOfB, absoluteTolerance);
    }

    /** The norm of {@code v[0, n)} that this rule measures residuals in. */
    public double measure(double[] v, int n) {
        return norm == ResidualNorm.EUCLIDEAN ? Math.sqrt(VectorOps.dot(v, v, n)) : VectorOps.sumAbs(v, n) / n;
    }

    /**
     * Returns {@code result}, or throws it as a {@link NotConvergedException} if it did not converge and this rule
     * says so.
     */
    IterativeSolveResult finish(String solver, IterativeSolveResult result) {
        if (!result.converged() && throwIfNotConverged) {
            throw new NotConvergedException(solver, result);
        }
        return result;
    }
}

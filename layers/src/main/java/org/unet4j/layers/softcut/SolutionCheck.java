package org.unet4j.layers.softcut;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.unet4j.solvers.linear.GridLaplacianSystem;
import org.unet4j.solvers.linear.IterativeSolveResult;
import org.unet4j.solvers.linear.LossOfAccuracyException;
import org.unet4j.solvers.linear.NotConvergedException;
import org.unet4j.solvers.linear.NotPositiveDefiniteException;
import org.unet4j.solvers.linear.StoppingRule;

/**
 * What every solve of one {@link SoftCut} layer must show before its result is used, host and device alike:
 * <ul>
 *   <li><b>Convergence</b> (iterative solvers): a solve that reached the iteration cap throws a
 *       {@link NotConvergedException} naming iterations, residual and threshold, or, when the layer's rule does not
 *       throw ({@link SoftCut.Builder#warnIfNotConverged()}, the thesis's behaviour), logs one warning per layer and
 *       lets the last iterate through.</li>
 *   <li><b>Accuracy</b> (host solves): {@code A = I + L_w} with {@code L_w} positive semi-definite has
 *       {@code A^-1 >= 0} with unit row sums ({@code A 1 = 1}) and smallest eigenvalue {@code >= 1}, so
 *       {@code ||A^-1|| <= 1} in the 1-, 2- and infinity-norms and the error obeys
 *       {@code ||x - x*|| <= ||b - A x||}. With {@code rho = (2d + 3) eps || |A| |x| ||} the worst-case rounding
 *       of computing that residual in float64, a solve fails the check when the computed residual exceeds
 *       {@value #SLACK} times the rule's threshold plus {@code rho} (the result is shown to be off), or when
 *       {@code rho} itself exceeds {@value #FLOOR_SLACK} times the threshold (no float64 computation with this matrix
 *       can show the result accurate; typical rounding is far below the worst case, hence the factor). A solve that
 *       passes is within {@code SLACK tau + 2 rho} of the exact solution, {@code tau} the threshold. Huge weights
 *       fail it (the unit diagonal drowns in {@code 1 + sum w} once
 *       {@code eps w ~ 1}), and a non-positive pivot or curvature from such a system, SPD by Theorem 2.2, is reported
 *       the same way instead of as "not positive definite".</li>
 *   <li><b>Conditioning</b> (device solves, whose residual is not re-checked): the a-priori bound
 *       {@code cond(A) u} on the relative error must not exceed {@value #RELATIVE_ERROR_BOUND}.</li>
 * </ul>
 */
final class SolutionCheck {
    /** How far above the rule's threshold the computed residual may lie (CG's updated residual drifts a little). */
    static final double SLACK = 2;
    /** How far above the rule's threshold the worst-case rounding of the residual may lie. */
    static final double FLOOR_SLACK = 100;
    /** The largest a-priori relative error bound accepted where no residual can be checked. */
    static final double RELATIVE_ERROR_BOUND = 1e-3;
    private static final System.Logger LOG = System.getLogger(SoftCut.class.getName());

    private final StoppingRule rule;
    private final AtomicBoolean warned = new AtomicBoolean();

    SolutionCheck(StoppingRule rule) {
        this.rule = rule;
    }

    /** The layer's rule as the iterative solvers get it: reporting, never throwing, so this check decides. */
    StoppingRule iterationRule() {
        return rule.reportingIfNotConverged();
    }

    /**
     * Throws or warns (once per layer) when {@code result} did not converge.
     *
     * @return whether it converged
     */
    boolean converged(String solver, IterativeSolveResult result) {
        if (result.converged()) {
            return true;
        }
        String remedy = "Raise maxIterations, loosen the tolerance, use SoftCut.Solver.MGPCG or EXACT, or bound the "
                + "weights (SoftCut.fromLogits, clamp)";
        if (rule.throwIfNotConverged()) {
            throw new NotConvergedException("SoftCut " + solver, result, remedy
                    + "; SoftCut.builder().warnIfNotConverged() accepts the last iterate with one warning");
        }
        if (warned.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "SoftCut " + solver + " did not converge: " + result + "; the last "
                    + "iterate is used (warnIfNotConverged), and further non-converged solves of this layer are not "
                    + "reported. " + remedy);
        }
        return false;
    }

    /** Throws a {@link LossOfAccuracyException} unless {@code x} is shown to solve {@code A x = b} to the rule. */
    void requireAccurate(String solver, GridLaplacianSystem a, double[] b, double[] x) {
        int n = x.length;
        double[] ax = new double[n];
        double[] magnitude = new double[n];
        double[] diagonal = new double[n];
        a.apply(x, ax);
        double[] absX = new double[n];
        for (int i = 0; i < n; i++) {
            absX[i] = Math.abs(x[i]);
        }
        a.apply(absX, magnitude);
        a.diagonal(diagonal);
        double[] residual = new double[n];
        for (int i = 0; i < n; i++) {
            residual[i] = b[i] - ax[i];
            magnitude[i] = 2 * diagonal[i] * absX[i] - magnitude[i];   // (|A| |x|)_i = 2 a_ii |x_i| - (A |x|)_i
        }
        double rounding = (2 * a.dimensions() + 3) * Math.ulp(1.0) * rule.measure(magnitude, n);
        double error = rule.measure(residual, n);
        double threshold = rule.threshold(rule.measure(b, n));
        String norm = rule.norm().name().toLowerCase(Locale.ROOT);
        if (!(error <= SLACK * threshold + rounding)) {
            throw new LossOfAccuracyException(String.format(Locale.ROOT, "SoftCut %s: the %s residual b - A x is "
                    + "%.3e, above %s x the tolerance %.3e plus the rounding of computing it (%.3e), so the solution "
                    + "may be that far off. %s", solver, norm, error, SLACK, threshold, rounding, diagnosis(a)));
        }
        if (!(rounding <= FLOOR_SLACK * threshold)) {
            throw new LossOfAccuracyException(String.format(Locale.ROOT, "SoftCut %s: float64 rounding alone may "
                    + "put the %s residual b - A x off by %.3e, above %s x the tolerance %.3e, so the solution cannot "
                    + "be shown accurate. %s", solver, norm, rounding, FLOOR_SLACK, threshold, diagnosis(a)));
        }
    }

    /**
     * The a-priori check of a solve that cannot be verified by its residual (the device CG, in float32): fails when
     * the bound on its relative error, {@code cond(A) u} with {@code cond(A) <= 1 + 4 d w_max} (Gershgorin) and
     * {@code u} the unit roundoff of the arithmetic, exceeds {@value #RELATIVE_ERROR_BOUND}.
     */
    void requireConditioned(String solver, int dimensions, double largestWeight, double unitRoundoff) {
        double condition = 1 + 4 * dimensions * largestWeight;
        if (!(condition * unitRoundoff <= RELATIVE_ERROR_BOUND)) {
            throw new LossOfAccuracyException(String.format(Locale.ROOT, "SoftCut %s: with unit roundoff %.1e the "
                    + "solution may be off by up to cond(A) u = %.3e of its size, above %s. %s Or solve on the host in "
                    + "float64: move scores and weights with to(Device.CPU).", solver, unitRoundoff,
                    condition * unitRoundoff, RELATIVE_ERROR_BOUND, diagnosis(dimensions, largestWeight, unitRoundoff)));
        }
    }

    /**
     * The exception for a non-positive pivot or curvature met while solving a SoftCut system, which Theorem 2.2 makes
     * SPD for finite weights {@code >= 0}: rounding, not the matrix, caused it.
     */
    LossOfAccuracyException lostDefiniteness(String solver, GridLaplacianSystem a, NotPositiveDefiniteException e) {
        return new LossOfAccuracyException("SoftCut " + solver + " failed in float64: " + e.getMessage() + ", but "
                + "I + L_w is symmetric positive definite for finite weights >= 0 (Theorem 2.2), so rounding caused "
                + "it. " + diagnosis(a), e);
    }

    /** The weight range, the condition-number bound it implies, and what to do. */
    private static String diagnosis(GridLaplacianSystem a) {
        double largest = 0;
        for (int k = 0; k < a.dimensions(); k++) {
            for (double w : a.weights(k)) {
                largest = Math.max(largest, w);
            }
        }
        return diagnosis(a.dimensions(), largest, Math.ulp(1.0));
    }

    private static String diagnosis(int dimensions, double largestWeight, double unitRoundoff) {
        double condition = 1 + 4 * dimensions * largestWeight;
        return String.format(Locale.ROOT, "The largest edge weight is %.3e, so A = I + L_w has condition number up "
                + "to 1 + 4 d w_max = %.3e and the arithmetic (eps %.1e) cannot resolve its unit diagonal against the "
                + "weights. Bring the weights to a moderate range: rescale them, clamp them (w.clamp(0, 1e6)), or "
                + "predict moderate logits and use SoftCut.fromLogits.", largestWeight, condition, unitRoundoff);
    }
}

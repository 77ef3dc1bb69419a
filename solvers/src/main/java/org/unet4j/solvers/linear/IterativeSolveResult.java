package org.unet4j.solvers.linear;

import java.util.Locale;

/**
 * What an iterative solve did.
 *
 * @param iterations the iterations taken (0 if the initial guess already met the tolerance)
 * @param residual   the final residual in {@code norm}; for conjugate gradient the recursively updated residual,
 *                   which equals {@code ||b - A x||} up to rounding
 * @param threshold  the tolerance it was held to: {@code max(rtol * norm(b), atol)}
 * @param norm       how residual and threshold are measured
 * @param converged  whether {@code residual <= threshold}
 */
public record IterativeSolveResult(int iterations, double residual, double threshold, ResidualNorm norm,
                                   boolean converged) {

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s after %d iterations, %s residual %.3e (threshold %.3e)",
                converged ? "converged" : "NOT converged", iterations, norm.name().toLowerCase(Locale.ROOT),
                residual, threshold);
    }
}

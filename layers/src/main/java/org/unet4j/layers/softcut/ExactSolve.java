package org.unet4j.layers.softcut;

import org.unet4j.solvers.linear.GridLaplacianSystem;
import org.unet4j.solvers.linear.NotPositiveDefiniteException;
import org.unet4j.solvers.linear.Permutation;
import org.unet4j.solvers.linear.SparseCholesky;

/**
 * {@link SoftCut.Solver#EXACT}: sparse Cholesky {@code P A P^T = L L^T} after a nested-dissection ordering,
 * factored once; the forward and the adjoint solve are two substitutions each with the one factor, each checked for
 * accuracy by {@link SolutionCheck}.
 */
final class ExactSolve implements LinearSolve {
    private static final String NAME = "EXACT (sparse Cholesky)";
    private final GridLaplacianSystem system;
    private final SolutionCheck check;
    private final SparseCholesky cholesky;

    ExactSolve(GridLaplacianSystem system, Permutation ordering, SolutionCheck check) {
        this.system = system;
        this.check = check;
        try {
            this.cholesky = SparseCholesky.multifrontal(ordering).factor(system);
        } catch (NotPositiveDefiniteException e) {
            throw check.lostDefiniteness(NAME, system, e);
        }
    }

    @Override
    public double[] solve(double[] b) {
        double[] x = new double[b.length];
        cholesky.solve(b, x);
        check.requireAccurate(NAME, system, b, x);
        return x;
    }
}

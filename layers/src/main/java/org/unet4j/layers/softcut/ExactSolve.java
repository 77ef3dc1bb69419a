package org.unet4j.layers.softcut;

import org.unet4j.solvers.linear.GridLaplacianSystem;
import org.unet4j.solvers.linear.Permutation;
import org.unet4j.solvers.linear.SparseCholesky;

/**
 * {@link SoftCut.Solver#EXACT}: sparse Cholesky {@code P A P^T = L L^T} after a nested-dissection ordering,
 * factored once; the forward and the adjoint solve are two substitutions each with the one factor.
 */
final class ExactSolve implements LinearSolve {
    private final SparseCholesky cholesky;

    ExactSolve(GridLaplacianSystem system, Permutation ordering) {
        this.cholesky = SparseCholesky.multifrontal(ordering).factor(system);
    }

    @Override
    public double[] solve(double[] b) {
        double[] x = new double[b.length];
        cholesky.solve(b, x);
        return x;
    }
}

package org.unet4j.layers.softcut;

import org.unet4j.solvers.linear.ConjugateGradient;
import org.unet4j.solvers.linear.GridLaplacianSystem;
import org.unet4j.solvers.linear.GridMultigrid;
import org.unet4j.solvers.linear.Preconditioner;
import org.unet4j.solvers.linear.StoppingRule;

/**
 * {@link SoftCut.Solver#CG} and {@link SoftCut.Solver#MGPCG}: conjugate gradient (the thesis's Algorithm 2), plain
 * or preconditioned by one multigrid V-cycle, warm-started at the right-hand side ({@code x_0 = p} forward, as the
 * thesis does, and {@code lambda_0 = dL/dx} for the adjoint solve) and stopped by the given rule. The multigrid
 * hierarchy, when used, is built once and serves both solves.
 */
final class ConjugateGradientSolve implements LinearSolve {
    private final GridLaplacianSystem system;
    private final ConjugateGradient cg;
    private final Preconditioner preconditioner;

    ConjugateGradientSolve(GridLaplacianSystem system, StoppingRule rule, boolean multigrid) {
        this.system = system;
        this.cg = new ConjugateGradient(rule);
        this.preconditioner = multigrid ? GridMultigrid.of(system) : Preconditioner.IDENTITY;
    }

    @Override
    public double[] solve(double[] b) {
        double[] x = b.clone();
        cg.solve(system, b, x, preconditioner);
        return x;
    }
}

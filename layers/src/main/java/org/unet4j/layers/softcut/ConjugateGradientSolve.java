package org.unet4j.layers.softcut;

import org.unet4j.solvers.linear.ConjugateGradient;
import org.unet4j.solvers.linear.GridLaplacianSystem;
import org.unet4j.solvers.linear.GridMultigrid;
import org.unet4j.solvers.linear.IterativeSolveResult;
import org.unet4j.solvers.linear.NotPositiveDefiniteException;
import org.unet4j.solvers.linear.Preconditioner;

/**
 * {@link SoftCut.Solver#CG} and {@link SoftCut.Solver#MGPCG}: conjugate gradient (the thesis's Algorithm 2), plain
 * or preconditioned by one multigrid V-cycle, warm-started at the right-hand side ({@code x_0 = p} forward, as the
 * thesis does, and {@code lambda_0 = dL/dx} for the adjoint solve) and stopped by the layer's rule. The multigrid
 * hierarchy, when used, is built once and serves both solves. Every result goes through the layer's
 * {@link SolutionCheck}: not converged throws (or warns once), converged is verified against the true residual.
 * Several right-hand sides ({@link #solveAll}) run as one multi-right-hand-side CG, {@link ConjugateGradient#solveAll}:
 * one CG per column sharing their mat-vecs (not a block Krylov method), each column checked and named on its own.
 */
final class ConjugateGradientSolve implements LinearSolve {
    private final GridLaplacianSystem system;
    private final SolutionCheck check;
    private final ConjugateGradient cg;
    private final Preconditioner preconditioner;
    private final String name;

    ConjugateGradientSolve(GridLaplacianSystem system, SolutionCheck check, boolean multigrid) {
        this.system = system;
        this.check = check;
        this.cg = new ConjugateGradient(check.iterationRule());
        this.name = multigrid ? "MGPCG" : "CG";
        try {
            this.preconditioner = multigrid ? GridMultigrid.of(system) : Preconditioner.IDENTITY;
        } catch (NotPositiveDefiniteException e) {
            throw check.lostDefiniteness(name, system, e);
        }
    }

    @Override
    public double[] solve(double[] b) {
        double[] x = b.clone();
        IterativeSolveResult result;
        try {
            result = cg.solve(system, b, x, preconditioner);
        } catch (NotPositiveDefiniteException e) {
            throw check.lostDefiniteness(name, system, e);
        }
        if (check.converged(name, result)) {
            check.requireAccurate(name, system, b, x);
        }
        return x;
    }

    @Override
    public double[][] solveAll(double[][] b) {
        double[][] x = new double[b.length][];
        for (int c = 0; c < b.length; c++) {
            x[c] = b[c].clone();
        }
        IterativeSolveResult[] results;
        try {
            results = cg.solveAll(system, b, x, preconditioner);
        } catch (NotPositiveDefiniteException e) {
            throw check.lostDefiniteness(name, system, e);
        }
        for (int c = 0; c < b.length; c++) {
            String column = name + " (right-hand side " + c + " of " + b.length + ")";
            if (check.converged(column, results[c])) {
                check.requireAccurate(column, system, b[c], x[c]);
            }
        }
        return x;
    }
}

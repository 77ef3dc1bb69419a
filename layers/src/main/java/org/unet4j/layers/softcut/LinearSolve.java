package org.unet4j.layers.softcut;

/**
 * One SoftCut system {@code A = I + L_w} made ready to solve: the forward solve {@code A x = p} and the adjoint
 * solve {@code A lambda = dL/dx} of the backward pass (the same matrix, {@code A} being symmetric by Theorem 2.1),
 * which may reuse whatever the forward solve built (a Cholesky factor, a multigrid hierarchy). Not thread-safe;
 * one per system.
 */
interface LinearSolve {

    /** Solves {@code A x = b} and returns {@code x}; {@code b} is unchanged. */
    double[] solve(double[] b);

    /**
     * Solves {@code A x[c] = b[c]} for every column and returns the {@code x[c]}; the {@code b[c]} are unchanged.
     * This default solves the columns one by one; a solver that can share work between them overrides it.
     */
    default double[][] solveAll(double[][] b) {
        double[][] x = new double[b.length][];
        for (int c = 0; c < b.length; c++) {
            x[c] = solve(b[c]);
        }
        return x;
    }
}

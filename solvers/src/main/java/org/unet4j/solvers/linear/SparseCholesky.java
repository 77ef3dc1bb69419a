package org.unet4j.solvers.linear;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;

/**
 * Exact solve of a sparse symmetric positive definite system {@code A x = b} by a Cholesky factorisation after a
 * fill-reducing reordering: {@code P A P^T = L L^T}, so {@code A x = b <=> L L^T (P x) = P b}, one forward and one
 * backward substitution per right-hand side.
 *
 * <p>Two implementations, created here: {@link #upLooking(Permutation)} is EJML's up-looking sparse Cholesky
 * ({@code CholeskyUpLooking_DSCC}), {@link #multifrontal(Permutation)} our multifrontal one with dense frontal
 * matrices (the faster where nested dissection makes large dense separators: their updates run as dense kernels
 * rather than row by row); {@link #forGrid(int...)} is the multifrontal one with {@link NestedDissection}.
 *
 * <p>Symbolic reuse: the structure of {@code L} depends only on the pattern of {@code A}. When {@link #factor} sees
 * the pattern of the previous successful factorisation, only the numeric factorisation runs
 * ({@link #symbolicReused()} tells). {@link GridLaplacianSystem#assemble()} stores zero weights explicitly, so all
 * systems on one grid share one pattern. One factorisation serves any number of right-hand sides: the SoftCut
 * backward pass solves {@code A lambda = dL/dx} with the factor of the forward pass.
 *
 * <p>An instance holds its factor and work arrays and is not thread-safe; the {@link Permutation} may be shared.
 *
 * <pre>{@code
 * SparseCholesky cholesky = SparseCholesky.forGrid(h, w).factor(system);   // factor once
 * cholesky.solve(scores, x);                                               // forward
 * cholesky.solve(gradientOfX, lambda);                                     // backward, same factor
 * }</pre>
 */
public interface SparseCholesky {

    /** Multifrontal Cholesky for systems on the grid with these sizes, ordered by {@link NestedDissection}. */
    static SparseCholesky forGrid(int... sizes) {
        return new MultifrontalCholesky(NestedDissection.order(sizes));
    }

    /** Our multifrontal Cholesky after the given ordering. */
    static SparseCholesky multifrontal(Permutation ordering) {
        return new MultifrontalCholesky(ordering);
    }

    /** EJML's up-looking sparse Cholesky after the given ordering. */
    static SparseCholesky upLooking(Permutation ordering) {
        return new UpLookingCholesky(ordering);
    }

    /**
     * Factors a symmetric positive definite matrix given in full (both triangles) in the original numbering.
     *
     * @return this, for chaining a solve
     * @throws IllegalArgumentException     if the size differs from the ordering's, or an entry is NaN or infinite
     *                                      (naming its position)
     * @throws NotPositiveDefiniteException if {@code a} is not symmetric, or a pivot is not positive (then it is
     *                                      not positive definite)
     */
    SparseCholesky factor(DMatrixSparseCSC a);

    /**
     * Factors a SoftCut system (assembled, then reordered), symmetric positive definite by Theorem 2.2 of the
     * thesis, so its symmetry is not re-checked.
     *
     * @return this, for chaining a solve
     */
    SparseCholesky factor(GridLaplacianSystem system);

    /**
     * Writes the solution of {@code A x = b}; {@code b} and {@code x} may be the same array.
     *
     * @throws IllegalStateException if nothing has been factored successfully
     */
    void solve(double[] b, double[] x);

    /**
     * Solves {@code A X = B} column by column with the one factorisation; {@code B} and {@code X} are
     * {@code n x k} and may be the same matrix.
     */
    default void solve(DMatrixRMaj b, DMatrixRMaj x) {
        int n = ordering().size();
        if (b.numRows != n || x.numRows != n || b.numCols != x.numCols) {
            throw new IllegalArgumentException("system of size " + n + " needs B and X of n rows and equal columns, "
                    + "got " + b.numRows + " x " + b.numCols + " and " + x.numRows + " x " + x.numCols);
        }
        double[] column = new double[n];
        for (int c = 0; c < b.numCols; c++) {
            for (int i = 0; i < n; i++) {
                column[i] = b.data[i * b.numCols + c];
            }
            solve(column, column);
            for (int i = 0; i < n; i++) {
                x.data[i * x.numCols + c] = column[i];
            }
        }
    }

    /** Whether the last {@link #factor} reused the previous symbolic factorisation. */
    boolean symbolicReused();

    /** The number of entries of {@code L} (structural, counting the lower triangle and diagonal): the fill. */
    long factorNonZeros();

    /** The ordering {@code P}. */
    Permutation ordering();
}

package org.unet4j.solvers.linear;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.data.IGrowArray;
import org.ejml.sparse.csc.CommonOps_DSCC;
import org.ejml.sparse.csc.decomposition.chol.CholeskyUpLooking_DSCC;
import org.ejml.sparse.csc.misc.TriangularSolver_DSCC;

/**
 * Exact solve of a sparse symmetric positive definite system through EJML's up-looking sparse Cholesky
 * ({@link CholeskyUpLooking_DSCC}, Davis, <i>Direct Methods for Sparse Linear Systems</i>, 2006, ch. 4), after a
 * fill-reducing reordering of our own: {@code P A P^T = L L^T}, so
 * <pre>
 *   A x = b   <=>   L L^T (P x) = P b
 * </pre>
 * solved by one forward and one backward triangular substitution per right-hand side. EJML offers no
 * fill-reducing ordering; on grids use {@link NestedDissection} ({@link #forGrid(int...)}).
 *
 * <p>Symbolic reuse: the elimination tree and the column counts of {@code L} depend only on the pattern of
 * {@code A}. When {@link #factor} sees the same pattern as the previous successful factorisation, only the numeric
 * factorisation runs ({@link #symbolicReused()} tells). {@link GridLaplacianSystem#assemble()} stores zero weights
 * explicitly, so all systems on one grid share one pattern.
 *
 * <p>One factorisation serves any number of right-hand sides ({@link #solve(double[], double[])},
 * {@link #solve(DMatrixRMaj, DMatrixRMaj)}): the SoftCut backward pass solves {@code A lambda = dL/dx} with the
 * factor of the forward pass. An instance holds its factor and work arrays and is not thread-safe; the
 * {@link Permutation} may be shared.
 */
public final class SparseCholesky {
    private final Permutation ordering;
    private final CholeskyUpLooking_DSCC cholesky = new CholeskyUpLooking_DSCC();
    private final DMatrixSparseCSC permuted = new DMatrixSparseCSC(1, 1, 0);
    private final IGrowArray work = new IGrowArray();
    private final double[] scratch;
    private int[] patternColumns = new int[0];
    private int[] patternRows = new int[0];
    private boolean factored;
    private boolean symbolicReused;

    /**
     * @param ordering the fill-reducing ordering {@code P} (use {@link Permutation#identity(int)} for none)
     */
    public SparseCholesky(Permutation ordering) {
        this.ordering = ordering;
        this.scratch = new double[ordering.size()];
    }

    /** A solver for systems on the grid with these sizes, ordered by {@link NestedDissection}. */
    public static SparseCholesky forGrid(int... sizes) {
        return new SparseCholesky(NestedDissection.order(sizes));
    }

    /**
     * Factors a SoftCut system (assembled, then reordered); symmetric positive definite by Theorem 2.2.
     *
     * @return this, for chaining a solve
     */
    public SparseCholesky factor(GridLaplacianSystem system) {
        return factorSymmetric(system.assemble());
    }

    /**
     * Factors a symmetric positive definite matrix given in full (both triangles) in the original numbering.
     *
     * @return this, for chaining a solve
     * @throws IllegalArgumentException     if the size differs from the ordering's
     * @throws NotPositiveDefiniteException if {@code a} is not symmetric, or a pivot is not positive (it is not
     *                                      positive definite)
     */
    public SparseCholesky factor(DMatrixSparseCSC a) {
        checkSize(a);
        requireSymmetric(a);
        return factorSymmetric(a);
    }

    private SparseCholesky factorSymmetric(DMatrixSparseCSC a) {
        checkSize(a);
        CommonOps_DSCC.permuteSymmetric(a, ordering.inverseArray(), permuted, work);
        symbolicReused = factored && samePattern();
        cholesky.setStructureLocked(symbolicReused);
        factored = false;
        if (!cholesky.decompose(permuted)) {
            throw new NotPositiveDefiniteException("sparse Cholesky met a non-positive pivot: the " + a.numRows + " x "
                    + a.numCols + " matrix is not symmetric positive definite");
        }
        if (!symbolicReused) {
            patternColumns = Arrays.copyOf(permuted.col_idx, permuted.numCols + 1);
            patternRows = Arrays.copyOf(permuted.nz_rows, permuted.nz_length);
        }
        factored = true;
        return this;
    }

    private void checkSize(DMatrixSparseCSC a) {
        if (a.numRows != a.numCols || a.numCols != ordering.size()) {
            throw new IllegalArgumentException("ordering of size " + ordering.size() + " cannot factor a "
                    + a.numRows + " x " + a.numCols + " matrix");
        }
    }

    private boolean samePattern() {
        int n = permuted.numCols;
        return patternColumns.length == n + 1 && patternRows.length == permuted.nz_length
                && Arrays.equals(patternColumns, 0, n + 1, permuted.col_idx, 0, n + 1)
                && Arrays.equals(patternRows, 0, patternRows.length, permuted.nz_rows, 0, permuted.nz_length);
    }

    /** Exact symmetry check: {@code A - A^T} has no non-zero, by scattering the columns of both into a dense row. */
    private static void requireSymmetric(DMatrixSparseCSC a) {
        DMatrixSparseCSC t = CommonOps_DSCC.transpose(a, null, null);
        double[] column = new double[a.numRows];
        for (int j = 0; j < a.numCols; j++) {
            for (int p = a.col_idx[j]; p < a.col_idx[j + 1]; p++) {
                column[a.nz_rows[p]] += a.nz_values[p];
            }
            for (int p = t.col_idx[j]; p < t.col_idx[j + 1]; p++) {
                column[t.nz_rows[p]] -= t.nz_values[p];
            }
            for (int p = a.col_idx[j]; p < a.col_idx[j + 1]; p++) {
                int i = a.nz_rows[p];
                if (column[i] != 0) {
                    throw new NotPositiveDefiniteException("the matrix is not symmetric, so not symmetric positive "
                            + "definite: a(" + i + ", " + j + ") = " + a.get(i, j) + " but a(" + j + ", " + i + ") = "
                            + a.get(j, i));
                }
            }
            for (int p = t.col_idx[j]; p < t.col_idx[j + 1]; p++) {
                int i = t.nz_rows[p];
                if (column[i] != 0) {
                    throw new NotPositiveDefiniteException("the matrix is not symmetric, so not symmetric positive "
                            + "definite: a(" + i + ", " + j + ") = " + a.get(i, j) + " but a(" + j + ", " + i + ") = "
                            + a.get(j, i));
                }
            }
        }
    }

    /** Whether the last {@link #factor} reused the previous symbolic factorisation. */
    public boolean symbolicReused() {
        return symbolicReused;
    }

    /** The ordering {@code P}. */
    public Permutation ordering() {
        return ordering;
    }

    /** The factor {@code L} of {@code P A P^T} (EJML's storage, not a copy). */
    public DMatrixSparseCSC factorL() {
        requireFactored();
        return cholesky.getL();
    }

    /** The number of stored entries of {@code L}, a measure of fill. */
    public int factorNonZeros() {
        return factorL().nz_length;
    }

    /**
     * Writes the solution of {@code A x = b}; {@code b} and {@code x} may be the same array.
     *
     * @throws IllegalStateException if nothing has been factored successfully
     */
    public void solve(double[] b, double[] x) {
        requireFactored();
        int n = ordering.size();
        if (b.length != n || x.length != n) {
            throw new IllegalArgumentException("system of size " + n + " needs b and x of that length, got "
                    + b.length + " and " + x.length);
        }
        DMatrixSparseCSC l = cholesky.getL();
        ordering.apply(b, scratch);
        TriangularSolver_DSCC.solveL(l, scratch);
        TriangularSolver_DSCC.solveTranL(l, scratch);
        ordering.applyTransposed(scratch, x);
    }

    /**
     * Solves {@code A X = B} column by column with the one factorisation; {@code B} and {@code X} are
     * {@code n x k} and may be the same matrix.
     */
    public void solve(DMatrixRMaj b, DMatrixRMaj x) {
        int n = ordering.size();
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

    private void requireFactored() {
        if (!factored) {
            throw new IllegalStateException("no successful factorisation: call factor first");
        }
    }
}

package org.unet4j.solvers.linear;

import java.util.Arrays;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.data.IGrowArray;
import org.ejml.sparse.csc.CommonOps_DSCC;

/**
 * The reordered upper triangle {@code C = triu(P A P^T)} that both sparse Cholesky factorisations start from, and
 * whether its pattern is the one seen last (so the symbolic factorisation can be reused). Holds its arrays between
 * calls; not thread-safe.
 */
final class SymmetricReordering {
    private final Permutation ordering;
    private final DMatrixSparseCSC permuted = new DMatrixSparseCSC(1, 1, 0);
    private final IGrowArray work = new IGrowArray();
    private int[] patternColumns = new int[0];
    private int[] patternRows = new int[0];

    SymmetricReordering(Permutation ordering) {
        this.ordering = ordering;
    }

    Permutation ordering() {
        return ordering;
    }

    /**
     * Loads {@code C = triu(P A P^T)}. Only the upper triangle of {@code a} is read; {@code checkSymmetry} first
     * verifies that {@code a} is exactly symmetric.
     *
     * @return whether the pattern of {@code C} equals that of the previous {@link #remember()}ed load
     */
    boolean load(DMatrixSparseCSC a, boolean checkSymmetry) {
        if (a.numRows != a.numCols || a.numCols != ordering.size()) {
            throw new IllegalArgumentException("ordering of size " + ordering.size() + " cannot factor a "
                    + a.numRows + " x " + a.numCols + " matrix");
        }
        requireFinite(a);
        if (checkSymmetry) {
            requireSymmetric(a);
        }
        CommonOps_DSCC.permuteSymmetric(a, ordering.inverseArray(), permuted, work);
        int n = permuted.numCols;
        return patternColumns.length == n + 1 && patternRows.length == permuted.nz_length
                && Arrays.equals(patternColumns, 0, n + 1, permuted.col_idx, 0, n + 1)
                && Arrays.equals(patternRows, 0, patternRows.length, permuted.nz_rows, 0, permuted.nz_length);
    }

    /** Records the pattern of the current {@code C} as the one a symbolic factorisation was made for. */
    void remember() {
        patternColumns = Arrays.copyOf(permuted.col_idx, permuted.numCols + 1);
        patternRows = Arrays.copyOf(permuted.nz_rows, permuted.nz_length);
    }

    /** The current {@code C} (upper triangle, rows unsorted within columns). */
    DMatrixSparseCSC upper() {
        return permuted;
    }

    /**
     * Rejects the first stored NaN or infinite entry, naming its position: without this a NaN would surface as a
     * symmetry violation ({@code NaN != NaN}) or a non-positive pivot, both wrong diagnoses.
     */
    private static void requireFinite(DMatrixSparseCSC a) {
        for (int j = 0; j < a.numCols; j++) {
            for (int p = a.col_idx[j]; p < a.col_idx[j + 1]; p++) {
                double v = a.nz_values[p];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("non-finite entry a(" + a.nz_rows[p] + ", " + j + ") = " + v
                            + " in the " + a.numRows + " x " + a.numCols + " matrix: a Cholesky factorisation needs "
                            + "finite entries; find where the NaN or infinity entered the matrix (its coefficients or "
                            + "weights) and remove it before factoring");
                }
            }
        }
    }

    /** Exact symmetry check: {@code A - A^T} has no non-zero, scattering the columns of both into a dense row. */
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
            checkZero(a, a, j, column);
            checkZero(a, t, j, column);
        }
    }

    private static void checkZero(DMatrixSparseCSC a, DMatrixSparseCSC pattern, int j, double[] column) {
        for (int p = pattern.col_idx[j]; p < pattern.col_idx[j + 1]; p++) {
            int i = pattern.nz_rows[p];
            if (column[i] != 0) {
                throw new NotPositiveDefiniteException("the matrix is not symmetric, so not symmetric positive "
                        + "definite: a(" + i + ", " + j + ") = " + a.get(i, j) + " but a(" + j + ", " + i + ") = "
                        + a.get(j, i));
            }
            column[i] = 0;
        }
    }
}

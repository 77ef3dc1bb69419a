package org.unet4j.solvers.linear;

import org.ejml.data.DMatrixSparseCSC;

/**
 * A symmetric linear map {@code y = A x} on {@code R^n}, given by its action only (matrix-free). The iterative
 * solvers of this package need nothing more; {@link ConjugateGradient} further needs {@code A} positive definite.
 */
public interface SymmetricOperator {

    /** The dimension {@code n}. */
    int size();

    /**
     * Writes {@code y = A x}. {@code x} and {@code y} must be distinct arrays of length {@link #size()}; an
     * implementation allocates nothing here (it sits in the inner loop of an iterative solver).
     */
    void apply(double[] x, double[] y);

    /**
     * Writes {@code y[c] = A x[c]} for every column {@code c} with {@code active[c]}, leaving the other columns of
     * {@code y} as they are. This default applies the columns one by one; an operator whose own data is worth reading
     * once for all columns (as {@link GridLaplacianSystem}'s weights) overrides it.
     */
    default void applyAll(double[][] x, double[][] y, boolean[] active) {
        for (int c = 0; c < x.length; c++) {
            if (active[c]) {
                apply(x[c], y[c]);
            }
        }
    }

    /**
     * The operator of a symmetric sparse matrix. Only symmetry is assumed, not checked: column {@code j} is read as
     * row {@code j}, so {@code y_j} is a dot product of column {@code j} with {@code x}.
     *
     * @throws IllegalArgumentException if {@code a} is not square
     */
    static SymmetricOperator of(DMatrixSparseCSC a) {
        if (a.numRows != a.numCols) {
            throw new IllegalArgumentException("a symmetric operator needs a square matrix, got "
                    + a.numRows + " x " + a.numCols);
        }
        return new SymmetricOperator() {
            @Override
            public int size() {
                return a.numCols;
            }

            @Override
            public void apply(double[] x, double[] y) {
                int[] start = a.col_idx;
                int[] rows = a.nz_rows;
                double[] values = a.nz_values;
                for (int j = 0; j < a.numCols; j++) {
                    double sum = 0;
                    for (int p = start[j]; p < start[j + 1]; p++) {
                        sum += values[p] * x[rows[p]];
                    }
                    y[j] = sum;
                }
            }
        };
    }
}

package org.unet4j.solvers.splitting;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * A square matrix A (copied and checked once) with what the linear sub-flows need: products {@code A u} and
 * solves with {@code I + h A}. The LU factorisations of {@code I + h A} are cached for the two most recent
 * values of h (a scheme with a fixed dt uses one or two, e.g. Strang's dt and dt/2). Not thread-safe.
 */
final class DenseOperator {
    private final DMatrixRMaj matrix;
    private final double[] shifts = {Double.NaN, Double.NaN};
    private final LinearSolverDense<?>[] solvers = new LinearSolverDense<?>[2];
    private int nextSlot;

    DenseOperator(DMatrixRMaj matrix) {
        if (matrix.numRows != matrix.numCols) {
            throw new IllegalArgumentException("an operator must be square, got " + matrix.numRows + " x "
                    + matrix.numCols);
        }
        for (int i = 0; i < matrix.getNumElements(); i++) {
            double value = matrix.data[i];
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("operator entry (" + i / matrix.numCols + ", " + i % matrix.numCols
                        + ") is " + value + "; entries must be finite");
            }
        }
        this.matrix = matrix.copy();
    }

    int size() {
        return matrix.numRows;
    }

    DMatrixRMaj matrix() {
        return matrix;
    }

    void requireState(double[] u) {
        if (u.length != matrix.numRows) {
            throw new IllegalArgumentException("the state has length " + u.length + " but the operator is "
                    + matrix.numRows + " x " + matrix.numCols);
        }
    }

    /** {@code out = A u}. */
    void multiply(double[] u, double[] out) {
        CommonOps_DDRM.mult(matrix, DMatrixRMaj.wrap(u.length, 1, u), DMatrixRMaj.wrap(out.length, 1, out));
    }

    /** Replaces {@code b} by {@code (I + h A)^-1 b}. */
    void solveShifted(double h, double[] b) {
        DMatrixRMaj rhs = DMatrixRMaj.wrap(b.length, 1, b.clone());
        solverFor(h).solve(rhs, DMatrixRMaj.wrap(b.length, 1, b));
    }

    @SuppressWarnings("unchecked")
    private LinearSolverDense<DMatrixRMaj> solverFor(double h) {
        for (int slot = 0; slot < 2; slot++) {
            if (shifts[slot] == h) {
                return (LinearSolverDense<DMatrixRMaj>) solvers[slot];
            }
        }
        int n = matrix.numRows;
        DMatrixRMaj shifted = new DMatrixRMaj(n, n);
        CommonOps_DDRM.add(CommonOps_DDRM.identity(n), h, matrix, shifted);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.lu(n);
        if (!solver.setA(shifted)) {
            throw new IllegalStateException("I + " + h + " A is singular; the implicit sub-step is undefined for this"
                    + " step size");
        }
        shifts[nextSlot] = h;
        solvers[nextSlot] = solver;
        nextSlot = 1 - nextSlot;
        return solver;
    }
}

package org.unet4j.solvers.linear;

import org.ejml.data.DMatrixSparseCSC;
import org.ejml.sparse.csc.decomposition.chol.CholeskyUpLooking_DSCC;
import org.ejml.sparse.csc.misc.TriangularSolver_DSCC;

/**
 * {@link SparseCholesky} through EJML's up-looking sparse Cholesky ({@link CholeskyUpLooking_DSCC}; Davis,
 * <i>Direct Methods for Sparse Linear Systems</i>, SIAM 2006, section 4.7), which computes {@code L} one row at a
 * time by a sparse triangular solve. EJML has no fill-reducing ordering of its own, so the matrix is reordered by
 * the given {@link Permutation} first. Symbolic reuse is EJML's structure lock.
 */
final class UpLookingCholesky extends ReorderedCholesky {
    private final CholeskyUpLooking_DSCC cholesky = new CholeskyUpLooking_DSCC();

    UpLookingCholesky(Permutation ordering) {
        super(ordering);
    }

    /** EJML keeps its structure only from a successful decomposition. */
    @Override
    boolean symbolicReady(boolean lastFactored) {
        return lastFactored;
    }

    @Override
    void factorReordered(DMatrixSparseCSC a, boolean symbolicReused) {
        cholesky.setStructureLocked(symbolicReused);
        if (!cholesky.decompose(reordering.upper())) {
            throw new NotPositiveDefiniteException("sparse Cholesky met a non-positive pivot: the " + a.numRows
                    + " x " + a.numCols + " matrix is not symmetric positive definite");
        }
        if (!symbolicReused) {
            reordering.remember();
        }
    }

    @Override
    void solveReordered(double[] y) {
        DMatrixSparseCSC l = cholesky.getL();
        TriangularSolver_DSCC.solveL(l, y);
        TriangularSolver_DSCC.solveTranL(l, y);
    }

    @Override
    long countFactorNonZeros() {
        return cholesky.getL().nz_length;
    }

    @Override
    public String toString() {
        return "EJML up-looking sparse Cholesky of size " + reordering.ordering().size();
    }
}

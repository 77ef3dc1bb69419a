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
final class UpLookingCholesky implements SparseCholesky {
    private final SymmetricReordering reordering;
    private final CholeskyUpLooking_DSCC cholesky = new CholeskyUpLooking_DSCC();
    private final double[] scratch;
    private boolean factored;
    private boolean symbolicReused;

    UpLookingCholesky(Permutation ordering) {
        this.reordering = new SymmetricReordering(ordering);
        this.scratch = new double[ordering.size()];
    }

    @Override
    public SparseCholesky factor(GridLaplacianSystem system) {
        return factor(system.assemble(), false);
    }

    @Override
    public SparseCholesky factor(DMatrixSparseCSC a) {
        return factor(a, true);
    }

    private SparseCholesky factor(DMatrixSparseCSC a, boolean checkSymmetry) {
        boolean samePattern = reordering.load(a, checkSymmetry);
        symbolicReused = factored && samePattern;
        cholesky.setStructureLocked(symbolicReused);
        factored = false;
        if (!cholesky.decompose(reordering.upper())) {
            throw new NotPositiveDefiniteException("sparse Cholesky met a non-positive pivot: the " + a.numRows
                    + " x " + a.numCols + " matrix is not symmetric positive definite");
        }
        if (!symbolicReused) {
            reordering.remember();
        }
        factored = true;
        return this;
    }

    @Override
    public void solve(double[] b, double[] x) {
        if (!factored) {
            throw new IllegalStateException("no successful factorisation: call factor first");
        }
        Permutation ordering = reordering.ordering();
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

    @Override
    public boolean symbolicReused() {
        return symbolicReused;
    }

    @Override
    public long factorNonZeros() {
        if (!factored) {
            throw new IllegalStateException("no successful factorisation: call factor first");
        }
        return cholesky.getL().nz_length;
    }

    @Override
    public Permutation ordering() {
        return reordering.ordering();
    }

    @Override
    public String toString() {
        return "EJML up-looking sparse Cholesky of size " + reordering.ordering().size();
    }
}

package org.unet4j.solvers.linear;

import org.ejml.data.DMatrixSparseCSC;

/**
 * What the {@link SparseCholesky} implementations share: they factor {@code C = P A P^T} for a fixed
 * {@link Permutation} {@code P} held by a {@link SymmetricReordering}, keep the symbolic factorisation when only the
 * values change, and solve {@code A x = b} as {@code x = P^T C^-1 P b}. A subclass supplies the factorisation of
 * {@code C} and the two triangular solves.
 */
abstract class ReorderedCholesky implements SparseCholesky {
    /** The ordering and the reordered matrix {@code C}, upper triangle. */
    final SymmetricReordering reordering;
    private final double[] scratch;
    private boolean factored;
    private boolean symbolicReused;

    ReorderedCholesky(Permutation ordering) {
        this.reordering = new SymmetricReordering(ordering);
        this.scratch = new double[ordering.size()];
    }

    @Override
    public final SparseCholesky factor(GridLaplacianSystem system) {
        return factor(system.assemble(), false);
    }

    @Override
    public final SparseCholesky factor(DMatrixSparseCSC a) {
        return factor(a, true);
    }

    private SparseCholesky factor(DMatrixSparseCSC a, boolean checkSymmetry) {
        boolean samePattern = reordering.load(a, checkSymmetry);
        symbolicReused = symbolicReady(factored) && samePattern;
        factored = false;
        factorReordered(a, symbolicReused);
        factored = true;
        return this;
    }

    /**
     * Whether a symbolic factorisation is at hand for reuse when the pattern has not changed, given whether the
     * last factorisation succeeded.
     */
    abstract boolean symbolicReady(boolean lastFactored);

    /**
     * Factors {@link SymmetricReordering#upper()}, reusing the symbolic factorisation when {@code symbolicReused},
     * else analysing afresh and calling {@link SymmetricReordering#remember()}; throws
     * {@link NotPositiveDefiniteException} when {@code a}, the matrix as given, is not positive definite.
     */
    abstract void factorReordered(DMatrixSparseCSC a, boolean symbolicReused);

    @Override
    public final void solve(double[] b, double[] x) {
        requireFactored();
        Permutation ordering = reordering.ordering();
        int n = ordering.size();
        if (b.length != n || x.length != n) {
            throw new IllegalArgumentException("system of size " + n + " needs b and x of that length, got "
                    + b.length + " and " + x.length);
        }
        ordering.apply(b, scratch);
        solveReordered(scratch);
        ordering.applyTransposed(scratch, x);
    }

    /** Overwrites {@code y} with {@code C^-1 y}, by the forward and backward triangular solves. */
    abstract void solveReordered(double[] y);

    @Override
    public final boolean symbolicReused() {
        return symbolicReused;
    }

    @Override
    public final long factorNonZeros() {
        requireFactored();
        return countFactorNonZeros();
    }

    /** The number of stored entries of the current factor {@code L}. */
    abstract long countFactorNonZeros();

    @Override
    public final Permutation ordering() {
        return reordering.ordering();
    }

    private void requireFactored() {
        if (!factored) {
            throw new IllegalStateException("no successful factorisation: call factor first");
        }
    }
}

package org.unet4j.solvers.linear;

import java.util.Arrays;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.sparse.csc.CommonOps_DSCC;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * {@link SparseCholesky} by the multifrontal method (Duff and Reid 1983; Liu, <i>The multifrontal method for
 * sparse matrix solution</i>, SIAM Review 1992) with supernodes, on {@code C = P A P^T}.
 *
 * <p>The symbolic factorisation (supernodes, their row lists, the assembly tree) is a {@link SupernodalStructure}.
 * For each supernode in increasing order (children first), the dense {@code m x m} frontal matrix {@code F} is
 * assembled from the entries of {@code C} in its columns plus the update matrices of its children (extend-add),
 * then partially factored by {@link DenseFront#partialCholesky}: its first {@code k} columns are the supernode's
 * columns of {@code L}, its trailing block the update matrix passed to the parent (kept as a packed lower
 * triangle until then). Under nested dissection the largest fronts are the top separators ({@code m} up to about
 * {@code 3n} on an {@code n x n} grid, {@code 1.5 n^2} on an {@code n^3} grid) and carry most of the flops, at
 * dense-kernel speed.
 *
 * <p>When only the values change (same pattern), the symbolic factorisation is kept.
 */
final class MultifrontalCholesky extends ReorderedCholesky {
    /** Up to this many entries a pass over a front (zeroing, extend-add, copies) runs on the calling thread. */
    private static final long SERIAL_ENTRIES = 1L << 16;

    private SupernodalStructure structure;
    private DMatrixSparseCSC lower;

    // numeric factorisation: column-major m x k blocks [L11; L21] per supernode
    private double[][] factors;

    MultifrontalCholesky(Permutation ordering) {
        super(ordering);
    }

    /** The supernodes stay valid even when a numeric factorisation failed. */
    @Override
    boolean symbolicReady(boolean lastFactored) {
        return structure != null;
    }

    @Override
    void factorReordered(DMatrixSparseCSC a, boolean symbolicReused) {
        if (symbolicReused) {
            CommonOps_DSCC.transpose(reordering.upper(), lower, null);
        } else {
            lower = CommonOps_DSCC.transpose(reordering.upper(), null, null);
            structure = new SupernodalStructure(lower, reordering.upper());
            reordering.remember();
            factors = new double[structure.count()][];
        }
        numeric(a.numRows);
    }

    /** Assembles, partially factors and passes on the update of every front, children first. */
    private void numeric(int size) {
        SupernodalStructure st = structure;
        int count = st.count();
        int[] local = new int[lower.numCols];
        double[][] updates = new double[count][];
        int largest = st.largestFront();
        if ((long) largest * largest > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the largest front has " + largest + " rows, a dense block beyond "
                    + "2^31 entries: too large for an exact solve, use an iterative solver (multigrid-PCG)");
        }
        double[] front = new double[largest * largest];
        for (int s = 0; s < count; s++) {
            int[] list = st.rows(s);
            int m = list.length;
            int f = st.firstColumn(s);
            int k = st.width(s);
            for (int t = 0; t < m; t++) {
                local[list[t]] = t;
            }
            overColumns(m, m, (from, to) -> {
                for (int c = from; c < to; c++) {
                    Arrays.fill(front, c * m + c, c * m + m, 0.0);
                }
            });
            for (int j = 0; j < k; j++) {
                int column = j * m;
                for (int p = lower.col_idx[f + j]; p < lower.col_idx[f + j + 1]; p++) {
                    front[column + local[lower.nz_rows[p]]] += lower.nz_values[p];
                }
            }
            for (int c = st.childStart(s); c < st.childStart(s + 1); c++) {
                int child = st.child(c);
                extendAdd(front, m, local, st.rows(child), st.width(child), updates[child]);
                updates[child] = null;
            }
            DenseFront.partialCholesky(front, m, k, f, size);
            double[] factor = new double[m * k];
            overColumns(k, m, (from, to) -> {
                for (int j = from; j < to; j++) {
                    System.arraycopy(front, j * m + j, factor, j * m + j, m - j);
                }
            });
            factors[s] = factor;
            if (m > k) {
                int u = m - k;
                double[] update = new double[packedSize(u)];
                overColumns(u, u, (from, to) -> {
                    for (int a = from; a < to; a++) {
                        System.arraycopy(front, (k + a) * m + k + a, update, packedColumn(a, u), u - a);
                    }
                });
                updates[s] = update;
            }
        }
    }

    /**
     * Runs a pass over {@code columns} columns of about {@code rows} entries each, split over {@link Parallel}'s
     * pool when it moves more than {@value #SERIAL_ENTRIES} entries; the columns write disjoint entries.
     */
    private static void overColumns(int columns, int rows, Parallel.RangeBody body) {
        long entries = (long) columns * rows;
        Parallel.forRange(columns, entries <= SERIAL_ENTRIES ? Math.max(1, columns) : 1, body);
    }

    /** Entries of the packed lower triangle of a {@code u x u} matrix. */
    private static int packedSize(int u) {
        return (int) ((long) u * (u + 1) / 2);
    }

    /** Where column {@code a} (rows {@code a .. u - 1}) of a packed {@code u x u} lower triangle starts. */
    private static int packedColumn(int a, int u) {
        return (int) ((long) a * u - (long) a * (a - 1) / 2);
    }

    /**
     * Adds a child's update matrix (lower triangle packed column by column) into the parent's front: entry {@code (b, a)} of
     * the update goes to {@code (to[b], to[a])} with {@code to} the child's update rows in the parent's numbering.
     * Each update column lands in its own front column, so the columns are split over the pool.
     */
    private static void extendAdd(double[] front, int m, int[] local, int[] childRows, int childPivots,
            double[] update) {
        int u = childRows.length - childPivots;
        int[] to = new int[u];
        for (int a = 0; a < u; a++) {
            to[a] = local[childRows[childPivots + a]];
        }
        overColumns(u, u / 2, (from, end) -> {
            for (int a = from; a < end; a++) {
                int column = to[a] * m;
                int at = packedColumn(a, u) - a;
                for (int b = a; b < u; b++) {
                    front[column + to[b]] += update[at + b];
                }
            }
        });
    }

    @Override
    void solveReordered(double[] y) {
        for (int s = 0; s < structure.count(); s++) {
            int[] list = structure.rows(s);
            double[] l = factors[s];
            int m = list.length;
            int f = structure.firstColumn(s);
            int k = structure.width(s);
            for (int j = 0; j < k; j++) {
                int cj = j * m;
                double value = y[f + j] / l[cj + j];
                y[f + j] = value;
                for (int r = j + 1; r < m; r++) {
                    y[list[r]] -= l[cj + r] * value;
                }
            }
        }
        for (int s = structure.count() - 1; s >= 0; s--) {
            int[] list = structure.rows(s);
            double[] l = factors[s];
            int m = list.length;
            int f = structure.firstColumn(s);
            int k = structure.width(s);
            for (int j = k - 1; j >= 0; j--) {
                int cj = j * m;
                double sum = y[f + j];
                for (int r = j + 1; r < m; r++) {
                    sum -= l[cj + r] * y[list[r]];
                }
                y[f + j] = sum / l[cj + j];
            }
        }
    }

    @Override
    long countFactorNonZeros() {
        return structure.factorNonZeros();
    }

    @Override
    public String toString() {
        return "multifrontal Cholesky of size " + reordering.ordering().size()
                + (structure != null ? " with " + structure.count() + " supernodes" : "");
    }
}

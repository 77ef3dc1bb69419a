package org.unet4j.solvers.linear;

import java.util.Arrays;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.data.IGrowArray;
import org.ejml.sparse.csc.CommonOps_DSCC;
import org.ejml.sparse.csc.misc.ColumnCounts_DSCC;
import org.ejml.sparse.csc.misc.TriangularSolver_DSCC;

/**
 * {@link SparseCholesky} by the multifrontal method (Duff and Reid 1983; Liu, <i>The multifrontal method for
 * sparse matrix solution</i>, SIAM Review 1992) with supernodes, on {@code C = P A P^T}.
 *
 * <h2>Symbolic factorisation</h2>
 * EJML supplies the elimination tree and the column counts of {@code L}. Consecutive columns {@code j, j+1} with
 * {@code parent(j) = j+1} and {@code |L_*j| = |L_*(j+1)| + 1} have nested patterns and form one supernode: a dense
 * block of {@code k} columns sharing the row list {@code rows(s)} of its first column, {@code m = |rows(s)|}. The
 * row list is the union of the supernode's own columns of {@code tril(C)} and the row lists of its child
 * supernodes past their columns. Under nested dissection each separator becomes one supernode.
 *
 * <h2>Numeric factorisation</h2>
 * For each supernode in increasing order (children first), the dense {@code m x m} frontal matrix {@code F} is
 * assembled from the entries of {@code C} in its columns plus the update matrices of its children (extend-add),
 * then partially factored:
 * <pre>
 *   F = [F11 F21^T; F21 F22],   F11 = L11 L11^T,   L21 = F21 L11^-T,   U = F22 - L21 L21^T,
 * </pre>
 * {@code [L11; L21]} are the supernode's columns of {@code L} and {@code U} goes to the parent. The dense kernel is
 * a Cholesky in panels of {@value #PANEL} columns whose updates subtract four factored columns per pass over a
 * column of {@code F} (each column its own array), a loop the JIT vectorises. On an
 * {@code n x n} grid the largest fronts are the top separators ({@code m} up to about {@code 3n}) and carry most of
 * the {@code O(n^3)} flops, at dense-kernel speed, which is where this beats EJML's row-by-row sparse solves.
 *
 * <p>When only the values change (same pattern), the symbolic factorisation is kept.
 */
final class MultifrontalCholesky extends ReorderedCholesky {
    /** Columns per panel of the dense partial factorisation. */
    static final int PANEL = 32;
    /**
     * Relaxed amalgamation: a chain {@code parent(j-1) = j} continues a supernode narrower than this even when the
     * patterns are not nested, storing a few explicit zeros to save the overhead of many tiny fronts.
     */
    static final int RELAXED_WIDTH = 16;

    private boolean analysed;

    // symbolic factorisation
    private int supernodeCount;
    private int[] firstColumn;
    private int[][] rows;
    private int[] childStart;
    private int[] children;
    private DMatrixSparseCSC lower;

    // numeric factorisation: column-major m x k blocks [L11; L21] per supernode
    private double[][] factors;

    MultifrontalCholesky(Permutation ordering) {
        super(ordering);
    }

    /** The supernodes stay valid even when a numeric factorisation failed. */
    @Override
    boolean symbolicReady(boolean lastFactored) {
        return analysed;
    }

    @Override
    void factorReordered(DMatrixSparseCSC a, boolean symbolicReused) {
        if (symbolicReused) {
            CommonOps_DSCC.transpose(reordering.upper(), lower, null);
        } else {
            analyse(reordering.upper());
            reordering.remember();
            analysed = true;
        }
        numeric(a.numRows);
    }

    /** Elimination tree, column counts, supernodes, their row lists and their children. */
    private void analyse(DMatrixSparseCSC upper) {
        int n = upper.numCols;
        lower = CommonOps_DSCC.transpose(upper, null, null);
        int[] parent = new int[n];
        int[] post = new int[n];
        int[] counts = new int[n];
        IGrowArray work = new IGrowArray();
        TriangularSolver_DSCC.eliminationTree(upper, false, parent, work);
        TriangularSolver_DSCC.postorder(parent, n, post, work);
        new ColumnCounts_DSCC(false).process(upper, parent, post, counts);

        int[] supernodeOf = new int[n];
        int[] first = new int[n + 1];
        int count = 0;
        for (int j = 0; j < n; j++) {
            boolean chained = j > 0 && parent[j - 1] == j;
            boolean nested = chained && counts[j - 1] == counts[j] + 1;
            boolean small = chained && j - first[count - 1] < RELAXED_WIDTH;
            if (!nested && !small) {
                first[count++] = j;
            }
            supernodeOf[j] = count - 1;
        }
        first[count] = n;
        supernodeCount = count;
        firstColumn = Arrays.copyOf(first, count + 1);

        int[] supernodeParent = new int[count];
        int[] childCount = new int[count + 1];
        for (int s = 0; s < count; s++) {
            int up = parent[first[s + 1] - 1];
            supernodeParent[s] = up < 0 ? -1 : supernodeOf[up];
            if (up >= 0) {
                childCount[supernodeParent[s]]++;
            }
        }
        childStart = new int[count + 1];
        for (int s = 0; s < count; s++) {
            childStart[s + 1] = childStart[s] + childCount[s];
        }
        children = new int[childStart[count]];
        int[] fill = Arrays.copyOf(childStart, count);
        for (int s = 0; s < count; s++) {
            if (supernodeParent[s] >= 0) {
                children[fill[supernodeParent[s]]++] = s;
            }
        }

        rows = new int[count][];
        int[] mark = new int[n];
        Arrays.fill(mark, -1);
        int[] gathered = new int[n];
        for (int s = 0; s < count; s++) {
            int f = first[s];
            int l = first[s + 1];
            int extra = 0;
            for (int j = f; j < l; j++) {
                mark[j] = s;
            }
            for (int j = f; j < l; j++) {
                for (int p = lower.col_idx[j]; p < lower.col_idx[j + 1]; p++) {
                    int i = lower.nz_rows[p];
                    if (i >= l && mark[i] != s) {
                        mark[i] = s;
                        gathered[extra++] = i;
                    }
                }
            }
            for (int c = childStart[s]; c < childStart[s + 1]; c++) {
                int child = children[c];
                int[] childRows = rows[child];
                for (int t = firstColumn[child + 1] - firstColumn[child]; t < childRows.length; t++) {
                    int i = childRows[t];
                    if (i >= l && mark[i] != s) {
                        mark[i] = s;
                        gathered[extra++] = i;
                    }
                }
            }
            Arrays.sort(gathered, 0, extra);
            int[] list = new int[l - f + extra];
            for (int j = f; j < l; j++) {
                list[j - f] = j;
            }
            System.arraycopy(gathered, 0, list, l - f, extra);
            rows[s] = list;
        }
        factors = new double[count][];
    }

    /**
     * Assembles, partially factors and passes on the update of every front, children first. The front is held as
     * separate column arrays: the column updates then read and write different arrays, which the JIT vectorises
     * (on one flat array with computed offsets it cannot rule out overlap and stays scalar).
     */
    private void numeric(int size) {
        int[] local = new int[lower.numCols];
        double[][] updates = new double[supernodeCount][];
        int largest = 0;
        for (int[] list : rows) {
            largest = Math.max(largest, list.length);
        }
        if ((long) largest * largest > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the largest front has " + largest + " rows, a dense block beyond "
                    + "2^31 entries: too large for an exact solve, use an iterative solver (multigrid-PCG)");
        }
        double[][] front = new double[largest][largest];
        for (int s = 0; s < supernodeCount; s++) {
            int[] list = rows[s];
            int m = list.length;
            int f = firstColumn[s];
            int k = firstColumn[s + 1] - f;
            for (int t = 0; t < m; t++) {
                local[list[t]] = t;
            }
            for (int c = 0; c < m; c++) {
                Arrays.fill(front[c], c, m, 0.0);
            }
            for (int j = 0; j < k; j++) {
                double[] column = front[j];
                for (int p = lower.col_idx[f + j]; p < lower.col_idx[f + j + 1]; p++) {
                    column[local[lower.nz_rows[p]]] += lower.nz_values[p];
                }
            }
            for (int c = childStart[s]; c < childStart[s + 1]; c++) {
                int child = children[c];
                extendAdd(front, local, rows[child], firstColumn[child + 1] - firstColumn[child], updates[child]);
                updates[child] = null;
            }
            partialCholesky(front, m, k, f, size);
            double[] factor = new double[m * k];
            for (int j = 0; j < k; j++) {
                System.arraycopy(front[j], j, factor, j * m + j, m - j);
            }
            factors[s] = factor;
            if (m > k) {
                int u = m - k;
                double[] update = new double[u * u];
                for (int a = 0; a < u; a++) {
                    System.arraycopy(front[k + a], k + a, update, a * u + a, u - a);
                }
                updates[s] = update;
            }
        }
    }

    /** Adds a child's update matrix (lower triangle, column-major) into the parent's front. */
    private static void extendAdd(double[][] front, int[] local, int[] childRows, int childPivots, double[] update) {
        int u = childRows.length - childPivots;
        for (int a = 0; a < u; a++) {
            double[] column = front[local[childRows[childPivots + a]]];
            int from = a * u;
            for (int b = a; b < u; b++) {
                column[local[childRows[childPivots + b]]] += update[from + b];
            }
        }
    }

    /**
     * Factors the first {@code k} columns of the {@code m x m} front in place (lower triangle) and leaves
     * {@code F22 - L21 L21^T} in its trailing block. Panels of {@value #PANEL} columns: inside a panel each column
     * is updated by the panel's earlier columns (left-looking), then pivoted and scaled; after the panel, every
     * later column is updated by the whole panel (right-looking).
     */
    private static void partialCholesky(double[][] front, int m, int k, int firstColumn, int size) {
        for (int j0 = 0; j0 < k; j0 += PANEL) {
            int j1 = Math.min(k, j0 + PANEL);
            for (int j = j0; j < j1; j++) {
                subtractColumns(front, m, j, j0, j);
                double[] column = front[j];
                double pivot = column[j];
                if (!(pivot > 0)) {
                    throw new NotPositiveDefiniteException("sparse Cholesky met the pivot " + pivot + " in column "
                            + (firstColumn + j) + " of the reordered matrix: the " + size + " x " + size
                            + " matrix is not symmetric positive definite");
                }
                double diagonal = Math.sqrt(pivot);
                column[j] = diagonal;
                double inverse = 1 / diagonal;
                for (int r = j + 1; r < m; r++) {
                    column[r] *= inverse;
                }
            }
            for (int c = j1; c < m; c++) {
                subtractColumns(front, m, c, j0, j1);
            }
        }
    }

    /**
     * {@code F[r, c] -= sum_(p in [p0, p1)) F[c, p] F[r, p]} for {@code r >= c}: column {@code c} minus a block of
     * factored columns, four at a time, so each pass over the column does four multiply-adds per load and store.
     */
    private static void subtractColumns(double[][] front, int m, int c, int p0, int p1) {
        double[] target = front[c];
        int p = p0;
        for (; p + 3 < p1; p += 4) {
            double[] s0 = front[p];
            double[] s1 = front[p + 1];
            double[] s2 = front[p + 2];
            double[] s3 = front[p + 3];
            double f0 = s0[c];
            double f1 = s1[c];
            double f2 = s2[c];
            double f3 = s3[c];
            for (int r = c; r < m; r++) {
                target[r] -= f0 * s0[r] + f1 * s1[r] + f2 * s2[r] + f3 * s3[r];
            }
        }
        for (; p < p1; p++) {
            double[] s0 = front[p];
            double f0 = s0[c];
            for (int r = c; r < m; r++) {
                target[r] -= f0 * s0[r];
            }
        }
    }

    @Override
    void solveReordered(double[] y) {
        for (int s = 0; s < supernodeCount; s++) {
            int[] list = rows[s];
            double[] l = factors[s];
            int m = list.length;
            int f = firstColumn[s];
            int k = firstColumn[s + 1] - f;
            for (int j = 0; j < k; j++) {
                int cj = j * m;
                double value = y[f + j] / l[cj + j];
                y[f + j] = value;
                for (int r = j + 1; r < m; r++) {
                    y[list[r]] -= l[cj + r] * value;
                }
            }
        }
        for (int s = supernodeCount - 1; s >= 0; s--) {
            int[] list = rows[s];
            double[] l = factors[s];
            int m = list.length;
            int f = firstColumn[s];
            int k = firstColumn[s + 1] - f;
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
        long total = 0;
        for (int s = 0; s < supernodeCount; s++) {
            long m = rows[s].length;
            long k = firstColumn[s + 1] - firstColumn[s];
            total += k * m - k * (k - 1) / 2;
        }
        return total;
    }

    @Override
    public String toString() {
        return "multifrontal Cholesky of size " + reordering.ordering().size()
                + (analysed ? " with " + supernodeCount + " supernodes" : "");
    }
}

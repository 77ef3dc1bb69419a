package org.unet4j.solvers.linear;

import java.util.Arrays;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.data.IGrowArray;
import org.ejml.sparse.csc.misc.ColumnCounts_DSCC;
import org.ejml.sparse.csc.misc.TriangularSolver_DSCC;

/**
 * The symbolic factorisation of the {@link MultifrontalCholesky}: the supernodes of {@code L} for {@code C}, their
 * row lists and their children in the assembly tree.
 *
 * <p>EJML supplies the elimination tree and the column counts of {@code L}. Consecutive columns {@code j, j+1} with
 * {@code parent(j) = j+1} and {@code |L_*j| = |L_*(j+1)| + 1} have nested patterns and form one supernode: a dense
 * block of {@code k} columns sharing the row list {@code rows(s)} of its first column, {@code m = |rows(s)|}. A
 * chain narrower than {@value #RELAXED_WIDTH} columns is continued even when the patterns are not nested (relaxed
 * amalgamation), storing a few explicit zeros to save the overhead of many tiny fronts. The row list is the union
 * of the supernode's own columns of {@code tril(C)} and the row lists of its child supernodes past their columns.
 * Under nested dissection each separator becomes one supernode. Supernodes are numbered children first.
 */
final class SupernodalStructure {
    /** Width below which a chain of the elimination tree continues a supernode without nested patterns. */
    static final int RELAXED_WIDTH = 16;

    private final int count;
    private final int[] firstColumn;
    private final int[][] rows;
    private final int[] childStart;
    private final int[] children;

    /** Analyses {@code C} given by its lower triangle {@code lower} and its upper triangle {@code upper}. */
    SupernodalStructure(DMatrixSparseCSC lower, DMatrixSparseCSC upper) {
        int n = upper.numCols;
        int[] parent = new int[n];
        int[] post = new int[n];
        int[] counts = new int[n];
        IGrowArray work = new IGrowArray();
        TriangularSolver_DSCC.eliminationTree(upper, false, parent, work);
        TriangularSolver_DSCC.postorder(parent, n, post, work);
        new ColumnCounts_DSCC(false).process(upper, parent, post, counts);

        int[] supernodeOf = new int[n];
        int[] first = new int[n + 1];
        int found = 0;
        for (int j = 0; j < n; j++) {
            boolean chained = j > 0 && parent[j - 1] == j;
            boolean nested = chained && counts[j - 1] == counts[j] + 1;
            boolean small = chained && j - first[found - 1] < RELAXED_WIDTH;
            if (!nested && !small) {
                first[found++] = j;
            }
            supernodeOf[j] = found - 1;
        }
        first[found] = n;
        count = found;
        firstColumn = Arrays.copyOf(first, found + 1);

        int[] supernodeParent = new int[found];
        int[] childCount = new int[found + 1];
        for (int s = 0; s < found; s++) {
            int up = parent[first[s + 1] - 1];
            supernodeParent[s] = up < 0 ? -1 : supernodeOf[up];
            if (up >= 0) {
                childCount[supernodeParent[s]]++;
            }
        }
        childStart = new int[found + 1];
        for (int s = 0; s < found; s++) {
            childStart[s + 1] = childStart[s] + childCount[s];
        }
        children = new int[childStart[found]];
        int[] fill = Arrays.copyOf(childStart, found);
        for (int s = 0; s < found; s++) {
            if (supernodeParent[s] >= 0) {
                children[fill[supernodeParent[s]]++] = s;
            }
        }
        rows = rowLists(lower);
    }

    /** The row list of each supernode: its columns, then the rows below them, ascending. */
    private int[][] rowLists(DMatrixSparseCSC lower) {
        int n = lower.numCols;
        int[][] lists = new int[count][];
        int[] mark = new int[n];
        Arrays.fill(mark, -1);
        int[] gathered = new int[n];
        for (int s = 0; s < count; s++) {
            int f = firstColumn[s];
            int l = firstColumn[s + 1];
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
                int[] childRows = lists[child];
                for (int t = width(child); t < childRows.length; t++) {
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
            lists[s] = list;
        }
        return lists;
    }

    /** The number of supernodes. */
    int count() {
        return count;
    }

    /** The first column of supernode {@code s}. */
    int firstColumn(int s) {
        return firstColumn[s];
    }

    /** The number of columns {@code k} of supernode {@code s}. */
    int width(int s) {
        return firstColumn[s + 1] - firstColumn[s];
    }

    /** The row list of supernode {@code s} ({@code m} rows, its own {@code k} columns first); not a copy. */
    int[] rows(int s) {
        return rows[s];
    }

    /** The children of supernode {@code s}: {@code children()[childStart(s) ... childStart(s + 1))}. */
    int childStart(int s) {
        return childStart[s];
    }

    /** The child at position {@code c} of the flattened child lists. */
    int child(int c) {
        return children[c];
    }

    /** The number of rows of the largest front. */
    int largestFront() {
        int largest = 0;
        for (int[] list : rows) {
            largest = Math.max(largest, list.length);
        }
        return largest;
    }

    /** Stored entries of {@code L}: the lower trapezoid {@code k m - k (k - 1) / 2} of every supernode. */
    long factorNonZeros() {
        long total = 0;
        for (int s = 0; s < count; s++) {
            long m = rows[s].length;
            long k = width(s);
            total += k * m - k * (k - 1) / 2;
        }
        return total;
    }
}

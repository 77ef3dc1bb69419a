package org.unet4j.solvers.linear;

import org.ejml.data.DMatrixSparseCSC;

/**
 * The operator-dependent interpolation {@code P} of {@link GridMultigrid}, returned as the restriction
 * {@code R = P^T}: column {@code i} of {@code R} is row {@code i} of {@code P}, the weights by which fine point
 * {@code i} takes coarse values.
 *
 * <p>Along an axis of size {@code n}, the coarse coordinates are the even ones and the last one, {@code n - 1}
 * (see {@link GridMultigrid}). Fine point {@code i} has the type {@code S_i}, the set of axes along which its
 * coordinate lies between two coarse ones (odd and not the last; a bit mask). Type 0 points are coarse points
 * ({@code P_i = e_c}, {@code c} its coordinates {@code x} mapped to {@code ceil(x / 2)}). For larger types, in order
 * of {@code |S_i|}, every coupling {@code a_ij < 0} is first collapsed onto the cell of {@code i}: {@code j} is
 * moved to {@code j'}, which keeps the coordinates of {@code j} along the axes of {@code S_i} and those of
 * {@code i} along the others (so {@code S_j'} is a proper subset of {@code S_i} and {@code j'} is already
 * interpolated), and couplings with {@code j' = i} are lumped into the diagonal, i.e. dropped. Then
 * <pre>
 *   P_i = sum_j (-a_ij) P_j' / sum_j (-a_ij).
 * </pre>
 * On the five-point fine level this weighs the two coarse neighbours of an edge point by their edge weights
 * (exact for 1-D problems); on nine-point Galerkin levels it is the stencil collapsing of Dendy's black-box
 * multigrid. If no coupling survives (an isolated point), the mean of the face neighbours {@code i +- e_k},
 * {@code k in S_i}, is used instead, which is d-linear interpolation. Each row is supported on the {@code <= 2^d}
 * coarse corners of the cell and sums to one.
 */
final class GridInterpolation {
    private GridInterpolation() {
    }

    static DMatrixSparseCSC restriction(int[] fineSizes, int[] coarseSizes, DMatrixSparseCSC a) {
        int d = fineSizes.length;
        int n = a.numCols;
        int coarseCount = GridLaplacianSystem.pointCount(coarseSizes);
        int width = 1 << d;
        int[] type = new int[n];
        int[] corner = new int[n];
        int[] coarseStrides = new int[d];
        int stride = 1;
        for (int k = d - 1; k >= 0; k--) {
            coarseStrides[k] = stride;
            stride *= coarseSizes[k];
        }
        int[] position = new int[d];
        for (int i = 0; i < n; i++) {
            int mask = 0;
            int coarse = 0;
            for (int k = 0; k < d; k++) {
                boolean between = (position[k] & 1) == 1 && position[k] < fineSizes[k] - 1;
                mask |= (between ? 1 : 0) << k;
                coarse += (position[k] + 1 >> 1) * coarseStrides[k];
            }
            type[i] = mask;
            corner[i] = coarse;
            for (int k = d - 1; k >= 0 && ++position[k] == fineSizes[k]; k--) {
                position[k] = 0;
            }
        }

        int[] columns = new int[n * width];
        double[] weights = new double[n * width];
        int[] count = new int[n];
        for (int i = 0; i < n; i++) {
            if (type[i] == 0) {
                columns[i * width] = corner[i];
                weights[i * width] = 1;
                count[i] = 1;
            }
        }
        int[] fineStrides = new int[d];
        stride = 1;
        for (int k = d - 1; k >= 0; k--) {
            fineStrides[k] = stride;
            stride *= fineSizes[k];
        }
        for (int rank = 1; rank <= d; rank++) {
            for (int i = 0; i < n; i++) {
                int mask = type[i];
                if (Integer.bitCount(mask) != rank) {
                    continue;
                }
                int base = i * width;
                double total = 0;
                for (int p = a.col_idx[i]; p < a.col_idx[i + 1]; p++) {
                    double coupling = Math.max(-a.nz_values[p], 0);
                    int j = a.nz_rows[p];
                    if (coupling == 0 || j == i) {
                        continue;
                    }
                    int collapsed = i;
                    for (int k = 0; k < d; k++) {
                        if ((mask >> k & 1) != 0) {
                            int step = j / fineStrides[k] % fineSizes[k] - i / fineStrides[k] % fineSizes[k];
                            collapsed += step * fineStrides[k];
                        }
                    }
                    if (collapsed != i) {
                        total += coupling;
                        count[i] = accumulate(columns, weights, base, count[i], collapsed * width, count[collapsed],
                                coupling);
                    }
                }
                if (total > 0) {
                    for (int t = 0; t < count[i]; t++) {
                        weights[base + t] /= total;
                    }
                } else {
                    count[i] = multilinear(i, mask, fineStrides, columns, weights, count, width);
                }
            }
        }

        int nonZeros = 0;
        for (int i = 0; i < n; i++) {
            nonZeros += count[i];
        }
        DMatrixSparseCSC r = new DMatrixSparseCSC(coarseCount, n, nonZeros);
        int at = 0;
        for (int i = 0; i < n; i++) {
            r.col_idx[i] = at;
            for (int t = 0; t < count[i]; t++) {
                r.nz_rows[at] = columns[i * width + t];
                r.nz_values[at++] = weights[i * width + t];
            }
        }
        r.col_idx[n] = at;
        r.nz_length = at;
        r.indicesSorted = false;
        return r;
    }

    /** Adds {@code scale} times the row stored at {@code from} into the row at {@code base}; returns its length. */
    private static int accumulate(int[] columns, double[] weights, int base, int length, int from, int fromLength,
                                  double scale) {
        for (int s = 0; s < fromLength; s++) {
            int column = columns[from + s];
            double value = scale * weights[from + s];
            int t = 0;
            while (t < length && columns[base + t] != column) {
                t++;
            }
            if (t == length) {
                columns[base + t] = column;
                weights[base + t] = value;
                length++;
            } else {
                weights[base + t] += value;
            }
        }
        return length;
    }

    /**
     * The d-linear row of point {@code i}: the mean of the rows of its face neighbours {@code i +- e_k},
     * {@code k in S_i} (both exist: a point between coarse ones is never first or last). Returns its length.
     */
    private static int multilinear(int i, int mask, int[] strides, int[] columns, double[] weights, int[] count,
                                   int width) {
        int base = i * width;
        int length = 0;
        int neighbours = 0;
        for (int k = 0; k < strides.length; k++) {
            if ((mask >> k & 1) == 0) {
                continue;
            }
            neighbours += 2;
            length = accumulate(columns, weights, base, length, (i - strides[k]) * width, count[i - strides[k]], 1);
            length = accumulate(columns, weights, base, length, (i + strides[k]) * width, count[i + strides[k]], 1);
        }
        for (int t = 0; t < length; t++) {
            weights[base + t] /= neighbours;
        }
        return length;
    }
}

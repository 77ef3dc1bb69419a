package org.unet4j.solvers.linear;

import java.util.Arrays;
import org.ejml.data.DMatrixSparseCSC;

/**
 * The SoftCut matrix {@code A = I + L_w} on a d-dimensional grid (Bonfiglio, <i>SoftCut</i>, MSc thesis 2022,
 * eq. 15 in 2-D and eq. 22-23 in d dimensions), held as its edge weights and applied without forming a matrix.
 *
 * <p>The grid has sizes {@code n_0 x ... x n_(d-1)}; points are numbered row-major (the last axis varies fastest,
 * as in an {@code N x C x H x W} tensor), so point {@code i} has stride {@code s_k = n_(k+1) ... n_(d-1)} along
 * axis {@code k}. Axis {@code k} has one weight array of shape {@code n_0 x ... x (n_k - 1) x ... x n_(d-1)}, also
 * row-major: its entry at position {@code i} (with {@code i_k < n_k - 1}) is the weight {@code w >= 0} of the edge
 * between grid points {@code i} and {@code i + e_k}. With {@code L_w = sum over edges (i,j) of w_ij (e_i - e_j)(e_i -
 * e_j)^T}, row {@code i} of the system reads
 * <pre>
 *   (1 + sum_j w_ij) x_i - sum_j w_ij x_j = b_i        (j the 2d grid neighbours of i)
 * </pre>
 * so {@code A} is symmetric (Theorem 2.1) and strictly diagonally dominant with a positive diagonal, hence
 * positive definite (Theorem 2.2).
 *
 * <p>The weight arrays are wrapped, not copied (EJML's {@code wrap} convention): a caller that changes them
 * afterwards changes the system, and must then call {@link #validate()} itself if the new values are not known to
 * be admissible.
 */
public final class GridLaplacianSystem implements SymmetricOperator {
    private final int[] sizes;
    private final int[] strides;
    private final double[][] weights;
    private final int size;

    /**
     * Wraps the edge weights of a grid.
     *
     * @param sizes   the grid sizes {@code n_0, ..., n_(d-1)}, each at least 1
     * @param weights one array per axis, of length {@code prod_k n_k * (n_a - 1) / n_a} for axis {@code a}
     * @throws IllegalArgumentException if a size is below 1, the number or a length of the weight arrays is wrong, or
     *                                  a weight is negative, NaN or infinite (the message names axis, index and value)
     */
    public GridLaplacianSystem(int[] sizes, double[]... weights) {
        if (sizes.length == 0) {
            throw new IllegalArgumentException("a grid needs at least one axis");
        }
        if (weights.length != sizes.length) {
            throw new IllegalArgumentException("a " + sizes.length + "-dimensional grid needs " + sizes.length
                    + " weight arrays (one per axis), got " + weights.length);
        }
        this.sizes = sizes.clone();
        this.size = pointCount(this.sizes);
        this.strides = new int[sizes.length];
        int stride = 1;
        for (int k = sizes.length - 1; k >= 0; k--) {
            strides[k] = stride;
            stride *= sizes[k];
        }
        for (int k = 0; k < sizes.length; k++) {
            int expected = edgeCount(k);
            if (weights[k] == null || weights[k].length != expected) {
                throw new IllegalArgumentException("the weights of axis " + k + " must have " + expected
                        + " entries (grid " + Arrays.toString(sizes) + " with " + (sizes[k] - 1) + " along axis " + k
                        + "), got " + (weights[k] == null ? "null" : weights[k].length));
            }
        }
        this.weights = weights.clone();
        validate();
    }

    /** Number of points of a grid with the given sizes, checked for sizes below 1 and overflow. */
    static int pointCount(int[] sizes) {
        long count = 1;
        for (int k = 0; k < sizes.length; k++) {
            if (sizes[k] < 1) {
                throw new IllegalArgumentException("grid size along axis " + k + " must be >= 1, got " + sizes[k]
                        + " in " + Arrays.toString(sizes));
            }
            count *= sizes[k];
            if (count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("grid " + Arrays.toString(sizes) + " has more than 2^31 points");
            }
        }
        return (int) count;
    }

    /**
     * Checks that every weight is finite and non-negative, the condition of Theorem 2.2.
     *
     * @throws IllegalArgumentException naming the axis, the flat index into that axis' array, the grid position of
     *                                  the edge's first point and the value
     */
    public void validate() {
        for (int k = 0; k < weights.length; k++) {
            double[] w = weights[k];
            for (int e = 0; e < w.length; e++) {
                double value = w[e];
                if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException("edge weight of axis " + k + " at index " + e + " (edge from "
                            + Arrays.toString(edgePosition(k, e)) + " along axis " + k + ") is " + value
                            + "; SoftCut edge weights must be finite and >= 0");
                }
            }
        }
    }

    private int[] edgePosition(int axis, int edge) {
        int[] position = new int[sizes.length];
        int rest = edge;
        for (int k = sizes.length - 1; k >= 0; k--) {
            int extent = k == axis ? sizes[k] - 1 : sizes[k];
            position[k] = rest % extent;
            rest /= extent;
        }
        return position;
    }

    /** Number of edges along {@code axis}: the length of its weight array. */
    public int edgeCount(int axis) {
        return edgeCountOf(sizes, axis);
    }

    /** Number of edges along {@code axis} of a grid with the given sizes. */
    static int edgeCountOf(int[] sizes, int axis) {
        return pointCount(sizes) / sizes[axis] * (sizes[axis] - 1);
    }

    @Override
    public int size() {
        return size;
    }

    /** Number of axes {@code d}. */
    public int dimensions() {
        return sizes.length;
    }

    /** The grid sizes (a copy). */
    public int[] sizes() {
        return sizes.clone();
    }

    /** The grid size along {@code axis}. */
    public int size(int axis) {
        return sizes[axis];
    }

    /** The weight array of {@code axis} (the wrapped array itself, not a copy). */
    public double[] weights(int axis) {
        return weights[axis];
    }

    /** Writes {@code y = (I + L_w) x}. */
    @Override
    public void apply(double[] x, double[] y) {
        apply(x, y, 1.0);
    }

    /** Writes {@code y = L_w x}, the weighted graph Laplacian alone. */
    public void applyLaplacian(double[] x, double[] y) {
        apply(x, y, 0.0);
    }

    /**
     * Writes {@code y[c] = (I + L_w) x[c]} for every column {@code c} with {@code active[c]}, in one pass over the
     * weights: each grid line's weights are read once and applied to every active column while they are in cache.
     * Each column gets exactly the arithmetic of {@link #apply(double[], double[])}.
     */
    @Override
    public void applyAll(double[][] x, double[][] y, boolean[] active) {
        int length = sizes[sizes.length - 1];
        for (int base = 0; base < size; base += length) {
            for (int c = 0; c < x.length; c++) {
                if (active[c]) {
                    applyLine(x[c], y[c], 1.0, base);
                }
            }
        }
    }

    /**
     * {@code y = (mass I + L_w) x}, one grid line (the last axis, contiguous in memory) at a time: a line of
     * {@code y} gets the identity term, its edges along the last axis and, for every other axis {@code k}, the
     * edges to the lines one stride {@code s_k} before and after it, {@code y_i += w (x_i - x_(i -+ s_k))}. Each
     * term is a contiguous loop the JIT vectorises, and the line of {@code y} stays in cache while it is summed.
     */
    private void apply(double[] x, double[] y, double mass) {
        int length = sizes[sizes.length - 1];
        for (int base = 0; base < size; base += length) {
            applyLine(x, y, mass, base);
        }
    }

    /** The line of {@code y = (mass I + L_w) x} that starts at point {@code base}. */
    private void applyLine(double[] x, double[] y, double mass, int base) {
        int d = sizes.length;
        int length = sizes[d - 1];
        double[] along = weights[d - 1];
        int end = base + length;
        for (int i = base; i < end; i++) {
            y[i] = mass * x[i];
        }
        int shift = base / length * (length - 1) - base;
        for (int i = base; i < end - 1; i++) {
            y[i] += along[i + shift] * (x[i] - x[i + 1]);
        }
        for (int i = base + 1; i < end; i++) {
            y[i] += along[i - 1 + shift] * (x[i] - x[i - 1]);
        }
        for (int k = 0; k < d - 1; k++) {
            int stride = strides[k];
            int block = sizes[k] * stride;
            int position = base / stride % sizes[k];
            double[] w = weights[k];
            if (position > 0) {
                int before = base - stride;
                int edgeShift = before / block * (block - stride) + before % block - base;
                for (int i = base; i < end; i++) {
                    y[i] += w[i + edgeShift] * (x[i] - x[i - stride]);
                }
            }
            if (position < sizes[k] - 1) {
                int edgeShift = base / block * (block - stride) + base % block - base;
                for (int i = base; i < end; i++) {
                    y[i] += w[i + edgeShift] * (x[i] - x[i + stride]);
                }
            }
        }
    }

    /**
     * Writes, for every edge {@code e = (i, j = i + e_k)}, {@code out[k][e] = (u_i - u_j)(v_i - v_j)}: the derivative
     * of {@code u^T A v} with respect to {@code w_e}. With {@code x = A^-1 p} and {@code lambda = A^-1 dL/dx} (one
     * more solve, {@code A} being symmetric), the SoftCut weight gradient is
     * {@code dL/dw_e = -(lambda_i - lambda_j)(x_i - x_j)}, i.e. minus this for {@code u = lambda, v = x}.
     *
     * @param out one array per axis, shaped like the weights
     */
    public void edgeDifferenceProducts(double[] u, double[] v, double[][] out) {
        for (int axis = 0; axis < sizes.length; axis++) {
            int n = sizes[axis];
            int inner = strides[axis];
            int outer = size / (n * inner);
            int run = (n - 1) * inner;
            double[] target = out[axis];
            for (int o = 0; o < outer; o++) {
                int first = o * n * inner;
                int shift = o * run - first;
                for (int i = first; i < first + run; i++) {
                    target[i + shift] = (u[i] - u[i + inner]) * (v[i] - v[i + inner]);
                }
            }
        }
    }

    /** Writes the diagonal of {@code A}: {@code 1 + sum_j w_ij}. */
    public void diagonal(double[] out) {
        Arrays.fill(out, 0, size, 1.0);
        for (int axis = 0; axis < sizes.length; axis++) {
            int n = sizes[axis];
            int inner = strides[axis];
            int outer = size / (n * inner);
            int run = (n - 1) * inner;
            double[] w = weights[axis];
            for (int o = 0; o < outer; o++) {
                int p0 = o * n * inner;
                for (int t = 0; t < run; t++) {
                    double value = w[o * run + t];
                    out[p0 + t] += value;
                    out[p0 + inner + t] += value;
                }
            }
        }
    }

    /**
     * Assembles {@code A} in natural order as a full symmetric sparse matrix, rows sorted within each column.
     * Every grid edge is stored, a zero weight as an explicit zero, so the pattern depends on the sizes alone and a
     * symbolic factorisation stays valid when only the weights change.
     */
    public DMatrixSparseCSC assemble() {
        int d = sizes.length;
        int nonZeros = size;
        for (int k = 0; k < d; k++) {
            nonZeros += 2 * edgeCount(k);
        }
        DMatrixSparseCSC a = new DMatrixSparseCSC(size, size, nonZeros);
        int[] position = new int[d];
        int nz = 0;
        for (int p = 0; p < size; p++) {
            a.col_idx[p] = nz;
            double diagonal = 1;
            for (int k = 0; k < d; k++) {
                if (position[k] > 0) {
                    double w = weights[k][edgeIndex(k, p - strides[k])];
                    a.nz_rows[nz] = p - strides[k];
                    a.nz_values[nz++] = -w;
                    diagonal += w;
                }
            }
            int diagonalAt = nz++;
            for (int k = d - 1; k >= 0; k--) {
                if (position[k] < sizes[k] - 1) {
                    double w = weights[k][edgeIndex(k, p)];
                    a.nz_rows[nz] = p + strides[k];
                    a.nz_values[nz++] = -w;
                    diagonal += w;
                }
            }
            a.nz_rows[diagonalAt] = p;
            a.nz_values[diagonalAt] = diagonal;
            for (int k = d - 1; k >= 0 && ++position[k] == sizes[k]; k--) {
                position[k] = 0;
            }
        }
        a.col_idx[size] = nz;
        a.nz_length = nz;
        a.indicesSorted = true;
        return a;
    }

    /**
     * Index into the weights of {@code axis} of the edge starting at flat point {@code p}: the point's row-major
     * index in the grid shortened by one along {@code axis}, that is the outer index {@code p / (n_axis s_axis)}
     * times {@code (n_axis - 1) s_axis} plus the remainder.
     */
    private int edgeIndex(int axis, int p) {
        int inner = strides[axis];
        int block = sizes[axis] * inner;
        return p / block * (block - inner) + p % block;
    }

    @Override
    public String toString() {
        return "GridLaplacianSystem" + Arrays.toString(sizes) + " (I + L_w, " + size + " unknowns)";
    }
}

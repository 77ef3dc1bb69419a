package org.unet4j.solvers.linear;

import java.util.Arrays;

/**
 * Nested-dissection ordering of a d-dimensional grid graph (George 1973), the fill-reducing ordering EJML lacks.
 *
 * <p>A box of grid points is split along its longest axis by the middle hyperplane, a vertex separator of the grid
 * graph (the {@code 2d}-neighbour stencil couples no point on one side to a point on the other). Both halves are
 * ordered recursively, then the separator: eliminating the halves first creates fill only inside each half and on
 * the separator, never across it. Boxes no wider than two points along every axis are ordered as they are.
 *
 * <p>For an {@code n x n} grid the Cholesky factor then has {@code O(n^2 log n)} entries and costs {@code O(n^3)}
 * flops, against {@code O(n^3)} entries and {@code O(n^4)} flops in natural (banded) order; in 3-D,
 * {@code O(n^4)} entries and {@code O(n^6)} flops, against {@code O(n^5)} and {@code O(n^7)}.
 */
public final class NestedDissection {
    private NestedDissection() {
    }

    /**
     * The ordering of the grid with the given sizes, points numbered row-major as in {@link GridLaplacianSystem}.
     *
     * @return {@code P} with {@code order[new] = old}; eliminate in that order
     */
    public static Permutation order(int... sizes) {
        int n = GridLaplacianSystem.pointCount(sizes);
        int[] strides = new int[sizes.length];
        int stride = 1;
        for (int k = sizes.length - 1; k >= 0; k--) {
            strides[k] = stride;
            stride *= sizes[k];
        }
        int[] order = new int[n];
        int[] low = new int[sizes.length];
        int filled = dissect(low, sizes.clone(), strides, order, 0);
        assert filled == n;
        return new Permutation(order);
    }

    /** Orders the box {@code [low, high)} into {@code order[at...]}, returns the next free position. */
    private static int dissect(int[] low, int[] high, int[] strides, int[] order, int at) {
        int axis = 0;
        for (int k = 1; k < low.length; k++) {
            if (high[k] - low[k] > high[axis] - low[axis]) {
                axis = k;
            }
        }
        int extent = high[axis] - low[axis];
        if (extent <= 0) {
            return at;
        }
        if (extent <= 2) {
            return appendBox(low, high, strides, order, at);
        }
        int middle = low[axis] + extent / 2;
        int savedHigh = high[axis];
        high[axis] = middle;
        at = dissect(low, high, strides, order, at);
        high[axis] = savedHigh;
        int savedLow = low[axis];
        low[axis] = middle + 1;
        at = dissect(low, high, strides, order, at);
        low[axis] = middle;
        high[axis] = middle + 1;
        at = appendBox(low, high, strides, order, at);
        low[axis] = savedLow;
        high[axis] = savedHigh;
        return at;
    }

    /** Appends the points of the box {@code [low, high)} in row-major order. */
    private static int appendBox(int[] low, int[] high, int[] strides, int[] order, int at) {
        int d = low.length;
        for (int k = 0; k < d; k++) {
            if (high[k] <= low[k]) {
                return at;
            }
        }
        int[] position = Arrays.copyOf(low, d);
        while (true) {
            int flat = 0;
            for (int k = 0; k < d; k++) {
                flat += position[k] * strides[k];
            }
            order[at++] = flat;
            int k = d - 1;
            while (k >= 0 && ++position[k] == high[k]) {
                position[k] = low[k];
                k--;
            }
            if (k < 0) {
                return at;
            }
        }
    }
}

package org.unet4j.autodiff.cpu;

/**
 * Iteration over a shape for several operands, each with its own strides (0 on broadcast axes). Adjacent axes that
 * are contiguous for every operand are merged first, so equal shapes become one flat run and a per-channel bias
 * becomes three axes. The innermost axis is handed to the body as a run of {@code count} elements.
 */
final class StridedLoop {
    final int[] dims;
    final int[][] strides;
    final int rows;

    StridedLoop(int[] dims, int[]... strides) {
        int r = dims.length;
        int[] d = new int[Math.max(1, r)];
        int[][] s = new int[strides.length][Math.max(1, r)];
        int n = 0;
        if (r == 0) {
            d[0] = 1;
            n = 1;
        }
        for (int i = 0; i < r; i++) {
            if (dims[i] == 1) {
                continue;
            }
            boolean merge = n > 0;
            for (int k = 0; k < strides.length && merge; k++) {
                merge = s[k][n - 1] == strides[k][i] * dims[i];
            }
            if (merge) {
                d[n - 1] *= dims[i];
                for (int k = 0; k < strides.length; k++) {
                    s[k][n - 1] = strides[k][i];
                }
            } else {
                d[n] = dims[i];
                for (int k = 0; k < strides.length; k++) {
                    s[k][n] = strides[k][i];
                }
                n++;
            }
        }
        if (n == 0) {
            d[0] = 1;
            n = 1;
        }
        this.dims = java.util.Arrays.copyOf(d, n);
        this.strides = new int[strides.length][];
        for (int k = 0; k < strides.length; k++) {
            this.strides[k] = java.util.Arrays.copyOf(s[k], n);
        }
        int p = 1;
        for (int i = 0; i < n - 1; i++) {
            p *= this.dims[i];
        }
        for (int x : dims) {
            if (x == 0) {
                p = 0;
            }
        }
        this.rows = p;
    }

    /** Length of the innermost run. */
    int count() {
        return dims[dims.length - 1];
    }

    /** Stride of operand {@code k} along the innermost run. */
    int innerStride(int k) {
        return strides[k][dims.length - 1];
    }

    /** Start offset of operand {@code k} for outer row {@code row}. */
    int offset(int k, int row) {
        int off = 0;
        int rem = row;
        int[] s = strides[k];
        for (int i = dims.length - 2; i >= 0; i--) {
            int idx = rem % dims[i];
            rem /= dims[i];
            off += idx * s[i];
        }
        return off;
    }
}

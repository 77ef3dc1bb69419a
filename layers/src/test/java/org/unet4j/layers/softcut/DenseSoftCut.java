package org.unet4j.layers.softcut;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Test oracle: builds {@code A = I + L_w} of one system densely from eq. 22-23 of the thesis (row-major grid, one
 * weight array per axis with {@code n_k - 1} along axis k) and solves {@code A x = p} by dense LU.
 */
final class DenseSoftCut {
    private DenseSoftCut() {
    }

    static DMatrixRMaj matrix(int[] sizes, double[][] weights) {
        int n = 1;
        for (int size : sizes) {
            n *= size;
        }
        DMatrixRMaj a = CommonOps_DDRM.identity(n);
        int d = sizes.length;
        int[] strides = new int[d];
        int stride = 1;
        for (int k = d - 1; k >= 0; k--) {
            strides[k] = stride;
            stride *= sizes[k];
        }
        for (int k = 0; k < d; k++) {
            int e = 0;
            for (int i = 0; i < n; i++) {
                if (i / strides[k] % sizes[k] == sizes[k] - 1) {
                    continue;
                }
                int j = i + strides[k];
                double w = weights[k][e++];
                a.add(i, i, w);
                a.add(j, j, w);
                a.add(i, j, -w);
                a.add(j, i, -w);
            }
        }
        return a;
    }

    static double[] solve(int[] sizes, double[][] weights, double[] p) {
        DMatrixRMaj x = new DMatrixRMaj(p.length, 1);
        if (!CommonOps_DDRM.solve(matrix(sizes, weights), DMatrixRMaj.wrap(p.length, 1, p.clone()), x)) {
            throw new AssertionError("dense solve failed");
        }
        return x.data;
    }
}

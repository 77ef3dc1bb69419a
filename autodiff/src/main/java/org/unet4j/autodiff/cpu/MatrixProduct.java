package org.unet4j.autodiff.cpu;

import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;

/**
 * Batched matrix products {@code op(A) @ op(B)} over the last two axes with broadcast batch axes. Each batch entry
 * is one call of {@link Gemm}.
 */
final class MatrixProduct {
    private MatrixProduct() {
    }

    static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        DType dtype = DType.promote(a.dtype(), b.dtype());
        Tensor x = a.dtype() == dtype ? a : CpuBackend.instance().cast(a, dtype);
        Tensor y = b.dtype() == dtype ? b : CpuBackend.instance().cast(b, dtype);
        int m = transposeA ? a.dim(-1) : a.dim(-2);
        int k = transposeA ? a.dim(-2) : a.dim(-1);
        int n = transposeB ? b.dim(-2) : b.dim(-1);
        Shape batchA = Shape.of(java.util.Arrays.copyOf(a.dims(), a.rank() - 2));
        Shape batchB = Shape.of(java.util.Arrays.copyOf(b.dims(), b.rank() - 2));
        Shape batch = Shape.broadcast("matmul (batch axes)", batchA, batchB);
        int[] outDims = java.util.Arrays.copyOf(batch.dims(), batch.rank() + 2);
        outDims[batch.rank()] = m;
        outDims[batch.rank() + 1] = n;
        Tensor out = CpuBackend.allocate(Shape.of(outDims), dtype);
        int[] sa = batchA.broadcastStrides(batch);
        int[] sb = batchB.broadcastStrides(batch);
        int batches = batch.size();
        for (int bi = 0; bi < batches; bi++) {
            int oa = 0;
            int ob = 0;
            int rem = bi;
            for (int ax = batch.rank() - 1; ax >= 0; ax--) {
                int idx = rem % batch.dim(ax);
                rem /= batch.dim(ax);
                oa += idx * sa[ax];
                ob += idx * sb[ax];
            }
            int offA = oa * m * k;
            int offB = ob * k * n;
            int offC = bi * m * n;
            if (dtype == DType.FLOAT32) {
                Gemm.sgemm(transposeA, transposeB, m, n, k, x.floats(), offA, y.floats(), offB, out.floats(), offC, false);
            } else {
                Gemm.dgemm(transposeA, transposeB, m, n, k, x.doubles(), offA, y.doubles(), offB, out.doubles(), offC, false);
            }
        }
        return out;
    }
}

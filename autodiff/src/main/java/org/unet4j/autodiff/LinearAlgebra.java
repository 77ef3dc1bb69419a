package org.unet4j.autodiff;

/** Batched matrix products with broadcast batch axes; the forward beside its backward rule. */
final class LinearAlgebra {
    private LinearAlgebra() {
    }

    /**
     * C = A B over the last two axes; dA = G B^T and dB = A^T G, summed over batch axes that were broadcast.
     */
    static Tensor matmul(Tensor a, Tensor b) {
        Broadcasting.sameDevice("matmul", a, b);
        if (a.rank() < 2 || b.rank() < 2) {
            throw new ShapeException("matmul: both operands need rank >= 2, got " + a.shape() + " and " + b.shape()
                    + "; reshape a vector to [1, n] or [n, 1]");
        }
        if (a.dim(-1) != b.dim(-2)) {
            throw new ShapeException("matmul: " + a.shape() + " @ " + b.shape() + ": the inner sizes " + a.dim(-1)
                    + " and " + b.dim(-2) + " must be equal");
        }
        Shape batchA = Shape.of(java.util.Arrays.copyOf(a.dims(), a.rank() - 2));
        Shape batchB = Shape.of(java.util.Arrays.copyOf(b.dims(), b.rank() - 2));
        Shape batch = Shape.broadcast("matmul (batch axes)", batchA, batchB);
        FlopCounter.matmul(batch.size(), a.dim(-2), a.dim(-1), b.dim(-1));
        Backend be = a.device().backend();
        Tensor out = be.matmul(a, b, false, false);
        return Autograd.record("matmul", out, g -> new Tensor[] {
                a.requiresGrad() ? Broadcasting.sumTo(be.matmul(g, b, false, true), a.shape()) : null,
                b.requiresGrad() ? Broadcasting.sumTo(be.matmul(a, g, true, false), b.shape()) : null}, a, b);
    }
}

package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unet4j.autodiff.LoopReference.assertValues;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.unet4j.autodiff.TensorArbitraries.ShapePair;

/** Batched matrix products with broadcast batch axes, against the triple loop and by finite differences. */
class MatmulProperties {

    /** A [batchA..., m, k] @ [batchB..., k, n] product. */
    record Product(ShapePair batches, int m, int k, int n) {
        int[] left() {
            return append(batches.left(), m, k);
        }

        int[] right() {
            return append(batches.right(), k, n);
        }

        private static int[] append(int[] batch, int rows, int cols) {
            int[] d = Arrays.copyOf(batch, batch.length + 2);
            d[batch.length] = rows;
            d[batch.length + 1] = cols;
            return d;
        }

        @Override
        public String toString() {
            return Arrays.toString(left()) + " @ " + Arrays.toString(right());
        }
    }

    @Provide
    Arbitrary<Product> products() {
        Arbitrary<Integer> size = Arbitraries.integers().between(1, 5);
        return Combinators.combine(TensorArbitraries.broadcastPairs(2, 3), size, size, size).as(Product::new);
    }

    /** C[b, i, j] = sum_p A[b, i, p] B[b, p, j], with A and B read through the broadcast index rule. */
    private static double[] naiveProduct(Tensor a, Tensor b, Product p) {
        int[] batch = LoopReference.broadcast(p.batches().left(), p.batches().right());
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        double[] c = new double[LoopReference.size(batch) * p.m() * p.n()];
        for (int bi = 0; bi < LoopReference.size(batch); bi++) {
            int[] index = LoopReference.unravel(bi, batch);
            int offA = LoopReference.source(index, p.batches().left()) * p.m() * p.k();
            int offB = LoopReference.source(index, p.batches().right()) * p.k() * p.n();
            for (int i = 0; i < p.m(); i++) {
                for (int j = 0; j < p.n(); j++) {
                    double s = 0;
                    for (int q = 0; q < p.k(); q++) {
                        s += x[offA + i * p.k() + q] * y[offB + q * p.n() + j];
                    }
                    c[(bi * p.m() + i) * p.n() + j] = s;
                }
            }
        }
        return c;
    }

    @Property(tries = 50)
    void batchedMatmulWithBroadcastBatchAxesMatchesTheTripleLoop(@ForAll("products") Product p, @ForAll long seed,
            @ForAll DType dtype) {
        Tensor a = TensorArbitraries.uniform(seed, dtype, -1, 1, p.left());
        Tensor b = TensorArbitraries.uniform(seed + 1, dtype, -1, 1, p.right());
        int[] batch = LoopReference.broadcast(p.batches().left(), p.batches().right());
        int[] dims = Arrays.copyOf(batch, batch.length + 2);
        dims[batch.length] = p.m();
        dims[batch.length + 1] = p.n();
        assertValues(dims, naiveProduct(a, b, p), a.matmul(b), "matmul " + p);
    }

    @Property(tries = 30)
    void matmulGradientsMatchFiniteDifferences(@ForAll("products") Product p, @ForAll long seed) {
        Tensor a = TensorArbitraries.uniform(seed, DType.FLOAT64, -1, 1, p.left());
        Tensor b = TensorArbitraries.uniform(seed + 1, DType.FLOAT64, -1, 1, p.right());
        GradCheck.assertGradients(in -> in[0].matmul(in[1]), a, b);
    }

    @Property(tries = 30)
    void transposeOfAProductIsTheReversedProductOfTransposes(@ForAll("products") Product p, @ForAll long seed) {
        Tensor a = TensorArbitraries.uniform(seed, DType.FLOAT64, -1, 1, p.left());
        Tensor b = TensorArbitraries.uniform(seed + 1, DType.FLOAT64, -1, 1, p.right());
        Tensor expected = a.matmul(b).transpose(-1, -2);
        Tensor actual = b.transpose(-1, -2).matmul(a.transpose(-1, -2));
        assertValues(expected.dims(), expected.toDoubleArray(), actual, "(AB)^T = B^T A^T for " + p);
    }

    @Example
    void mismatchedInnerSizesFailNamingBothShapes() {
        ShapeException e = assertThrows(ShapeException.class, () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)));
        assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("[2, 3]")
                && e.getMessage().contains("[4, 5]"), e.getMessage());
    }

    @Example
    void incompatibleBatchAxesAndVectorsFail() {
        ShapeException batch = assertThrows(ShapeException.class,
                () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)));
        assertTrue(batch.getMessage().contains("matmul") && batch.getMessage().contains("batch"), batch.getMessage());
        ShapeException vector = assertThrows(ShapeException.class, () -> Tensor.zeros(3).matmul(Tensor.zeros(3, 1)));
        assertTrue(vector.getMessage().contains("rank"), vector.getMessage());
    }
}

package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unet4j.autodiff.LoopReference.assertValues;

import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Scaled dot-product attention: against a direct loop with and without a mask, masked keys getting no weight,
 * dropout active only in training, gradients of query, key and value against finite differences, the same bits on
 * any thread count.
 */
class AttentionProperties {

    /** out[b, i, :] = sum_j p_ij v[b, j, :], p_i = softmax_j(q_i . k_j / sqrt(d) + m_ij), by plain loops. */
    private static double[] loop(double[] q, double[] k, double[] v, double[] mask, int batch, int l, int s, int d,
            int dv) {
        double[] out = new double[batch * l * dv];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < l; i++) {
                double[] score = new double[s];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < s; j++) {
                    double dot = 0;
                    for (int c = 0; c < d; c++) {
                        dot += q[(b * l + i) * d + c] * k[(b * s + j) * d + c];
                    }
                    score[j] = dot / Math.sqrt(d) + (mask == null ? 0 : mask[i * s + j]);
                    max = Math.max(max, score[j]);
                }
                double total = 0;
                for (int j = 0; j < s; j++) {
                    score[j] = Math.exp(score[j] - max);
                    total += score[j];
                }
                for (int j = 0; j < s; j++) {
                    for (int c = 0; c < dv; c++) {
                        out[(b * l + i) * dv + c] += score[j] / total * v[(b * s + j) * dv + c];
                    }
                }
            }
        }
        return out;
    }

    /** A mask hiding key j from query i when bit (i * s + j) of {@code bits} is set, never a whole row. */
    private static double[] disallowed(long bits, int l, int s) {
        double[] m = new double[l * s];
        for (int i = 0; i < l; i++) {
            for (int j = 1; j < s; j++) {
                m[i * s + j] = (bits >> ((i * s + j) % 63) & 1) == 1 ? 1 : 0;
            }
        }
        return m;
    }

    @Property(tries = 40)
    void attentionMatchesADirectLoop(@ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 4) int l, @ForAll @IntRange(min = 1, max = 5) int s,
            @ForAll @IntRange(min = 1, max = 4) int d, @ForAll @IntRange(min = 1, max = 3) int dv,
            @ForAll boolean masked, @ForAll long seed, @ForAll DType dtype) {
        Tensor q = TensorArbitraries.uniform(seed, dtype, -2, 2, batch, l, d);
        Tensor k = TensorArbitraries.uniform(seed + 1, dtype, -2, 2, batch, s, d);
        Tensor v = TensorArbitraries.uniform(seed + 2, dtype, -2, 2, batch, s, dv);
        Tensor mask = masked ? Attention.additiveMask(TensorArbitraries.placed(Tensor.wrap(disallowed(seed, l, s), l,
                s).to(dtype)), dtype) : null;
        double[] expected = loop(q.toDoubleArray(), k.toDoubleArray(), v.toDoubleArray(),
                mask == null ? null : mask.toDoubleArray(), batch, l, s, d, dv);
        assertValues(new int[] {batch, l, dv}, expected, Attention.scaledDotProduct(q, k, v, mask, 0, false, null),
                "attention");
    }

    @Property(tries = 20)
    void aKeyHiddenFromEveryQueryDoesNotAffectTheOutput(@ForAll @IntRange(min = 0, max = 4) int hidden,
            @ForAll long seed) {
        Tensor q = TensorArbitraries.uniform(seed, DType.FLOAT64, -2, 2, 1, 3, 4);
        Tensor k = TensorArbitraries.uniform(seed + 1, DType.FLOAT64, -2, 2, 1, 5, 4);
        Tensor v = TensorArbitraries.uniform(seed + 2, DType.FLOAT64, -2, 2, 1, 5, 2);
        double[] flag = new double[5];
        flag[hidden] = 1;
        Tensor mask = Attention.additiveMask(Tensor.wrap(flag, 1, 5).expand(3, 5), DType.FLOAT64);
        Tensor changedValue = v.add(Tensor.wrap(flag, 1, 5, 1).mul(100));
        assertArrayEquals(Attention.scaledDotProduct(q, k, v, mask, 0, false, null).toDoubleArray(),
                Attention.scaledDotProduct(q, k, changedValue, mask, 0, false, null).toDoubleArray(), 1e-12);
    }

    @Property(tries = 20)
    void gradientsMatchFiniteDifferences(@ForAll @IntRange(min = 1, max = 3) int l,
            @ForAll @IntRange(min = 1, max = 3) int s, @ForAll boolean masked, @ForAll long seed) {
        Tensor q = TensorArbitraries.uniform(seed, DType.FLOAT64, -2, 2, 2, l, 3);
        Tensor k = TensorArbitraries.uniform(seed + 1, DType.FLOAT64, -2, 2, 2, s, 3);
        Tensor v = TensorArbitraries.uniform(seed + 2, DType.FLOAT64, -2, 2, 2, s, 2);
        Tensor mask = masked ? Attention.additiveMask(Tensor.wrap(disallowed(seed, l, s), l, s), DType.FLOAT64)
                : null;
        GradCheck.assertGradients(in -> Attention.scaledDotProduct(in[0], in[1], in[2], mask, 0, false, null), q, k,
                v);
    }

    @Example
    void dropoutActsOnTheWeightsInTrainingOnly() {
        Tensor q = ImageTensors.random(1, DType.FLOAT64, 2, 6, 4);
        Tensor v = ImageTensors.random(2, DType.FLOAT64, 2, 6, 4);
        Tensor eval = Attention.scaledDotProduct(q, q, v, null, 0.5, false, null);
        assertArrayEquals(Attention.scaledDotProduct(q, q, v).toDoubleArray(), eval.toDoubleArray(), 0);
        Tensor train = Attention.scaledDotProduct(q, q, v, null, 0.5, true, new SplittableRandom(3));
        Tensor weights = Regularization.dropout(q.matmul(q.transpose(-2, -1)).div(2).softmax(-1), 0.5, true,
                new SplittableRandom(3));
        assertArrayEquals(weights.matmul(v).toDoubleArray(), train.toDoubleArray(), 1e-12);
    }

    @Example
    void theResultDoesNotDependOnTheThreadCount() {
        Tensor q = ImageTensors.random(4, DType.FLOAT32, 2, 4, 50, 16);
        Tensor k = ImageTensors.random(5, DType.FLOAT32, 2, 4, 50, 16);
        float[] one = ImageTensors.withThreads(1, () -> Attention.scaledDotProduct(q, k, k).toFloatArray());
        float[] two = ImageTensors.withThreads(2, () -> Attention.scaledDotProduct(q, k, k).toFloatArray());
        assertArrayEquals(one, two);
    }

    @Example
    void aMaskThatHidesEveryKeyOfARowIsRejected() {
        Tensor q = Tensor.ones(1, 2, 3);
        Tensor mask = Attention.additiveMask(Tensor.wrap(new double[] {0, 1, 1, 1}, 2, 2), q.dtype());
        String message = assertThrows(IllegalArgumentException.class,
                () -> Attention.scaledDotProduct(q, q, q, mask, 0, false, null)).getMessage();
        assertTrue(message.contains("row 1 of the mask hides every key"), message);
        assertSame(ShapeException.class, assertThrows(RuntimeException.class,
                () -> Attention.scaledDotProduct(q, Tensor.ones(1, 2, 4), q)).getClass());
    }
}

package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unet4j.autodiff.LoopReference.assertValues;

import java.util.Arrays;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Layer norm over trailing axes and over the channel axis: against direct loops, zero mean and unit variance before
 * the affine map, gradients of input, weight and bias against finite differences, the same bits on any thread count.
 */
class LayerNormProperties {

    /** Direct loop: each of {@code outer x inner} groups of {@code n} elements at stride {@code inner}, element j scaled by w[j] and shifted by b[j]. */
    private static double[] loop(double[] x, double[] w, double[] b, int outer, int n, int inner, double eps) {
        double[] y = new double[x.length];
        for (int o = 0; o < outer; o++) {
            for (int q = 0; q < inner; q++) {
                double mean = 0;
                for (int j = 0; j < n; j++) {
                    mean += x[(o * n + j) * inner + q];
                }
                mean /= n;
                double var = 0;
                for (int j = 0; j < n; j++) {
                    double d = x[(o * n + j) * inner + q] - mean;
                    var += d * d;
                }
                var /= n;
                for (int j = 0; j < n; j++) {
                    int i = (o * n + j) * inner + q;
                    y[i] = (x[i] - mean) / Math.sqrt(var + eps) * w[j] + b[j];
                }
            }
        }
        return y;
    }

    @Property(tries = 40)
    void trailingAxesMatchADirectLoop(@ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 5) int tokens, @ForAll @IntRange(min = 1, max = 6) int features,
            @ForAll boolean twoAxes, @ForAll long seed, @ForAll DType dtype) {
        int[] normalized = twoAxes ? new int[] {tokens, features} : new int[] {features};
        int n = twoAxes ? tokens * features : features;
        Tensor x = TensorArbitraries.uniform(seed, dtype, -3, 3, batch, tokens, features);
        Tensor w = TensorArbitraries.uniform(seed + 1, dtype, 0.5, 2, normalized);
        Tensor b = TensorArbitraries.uniform(seed + 2, dtype, -1, 1, normalized);
        // as in channelsFirstMatchesADirectLoop: float32's rounding of the mean (1e-7 |x|) is amplified by
        // w / sqrt(var + eps), up to 600x with eps 1e-5 (two features 0.012 apart failed at 2.5e-5); eps 1e-2 bounds it
        double eps = dtype == DType.FLOAT32 ? 1e-2 : 1e-5;
        double[] expected = loop(x.toDoubleArray(), w.toDoubleArray(), b.toDoubleArray(), x.size() / n, n, 1, eps);
        assertValues(x.dims(), expected, LayerNormalization.layerNorm(x, normalized, w, b, eps), "layer norm");
    }

    @Property(tries = 40)
    void channelsFirstMatchesADirectLoop(@ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 5) int channels, @ForAll @IntRange(min = 1, max = 4) int h,
            @ForAll @IntRange(min = 1, max = 4) int width, @ForAll long seed, @ForAll DType dtype) {
        Tensor x = TensorArbitraries.uniform(seed, dtype, -3, 3, batch, channels, h, width);
        Tensor w = TensorArbitraries.uniform(seed + 1, dtype, 0.5, 2, channels);
        Tensor b = TensorArbitraries.uniform(seed + 2, dtype, -1, 1, channels);
        // float32 rounds x - mean to about 1e-7 |x|, and normalising multiplies that by w / sqrt(var + eps): with a
        // few channels of nearly equal values (var near 0) and eps 1e-6 that is up to 2000x, beyond any float32
        // tolerance; eps 1e-2 bounds it at 20x, float64 keeps eps 1e-6
        double eps = dtype == DType.FLOAT32 ? 1e-2 : 1e-6;
        double[] expected = loop(x.toDoubleArray(), w.toDoubleArray(), b.toDoubleArray(), batch, channels, h * width,
                eps);
        assertValues(x.dims(), expected, LayerNormalization.layerNormChannelsFirst(x, w, b, eps),
                "channels-first layer norm");
    }

    @Property(tries = 30)
    void withoutAffineEveryGroupHasMeanZeroAndVarianceOne(@ForAll long seed) {
        Tensor x = TensorArbitraries.uniform(seed, DType.FLOAT64, -10, 10, 3, 4, 16);
        Tensor y = LayerNormalization.layerNorm(x, new int[] {16}, null, null, 1e-12);
        assertValues(new double[12], y.mean(new int[] {2}, false), 1e-12, "group means");
        double[] ones = new double[12];
        Arrays.fill(ones, 1);
        assertValues(ones, y.var(new int[] {2}, false, false), 1e-9, "group variances");
    }

    @Property(tries = 25)
    void gradientsMatchFiniteDifferences(@ForAll @IntRange(min = 1, max = 3) int channels, @ForAll long seed) {
        Tensor x = TensorArbitraries.uniform(seed, DType.FLOAT64, -2, 2, 2, channels, 3, 2);
        Tensor w = TensorArbitraries.uniform(seed + 1, DType.FLOAT64, 0.5, 2, 2);
        Tensor b = TensorArbitraries.uniform(seed + 2, DType.FLOAT64, -1, 1, 2);
        GradCheck.assertGradients(in -> LayerNormalization.layerNorm(in[0], new int[] {2}, in[1], in[2], 1e-5), x, w,
                b);
        GradCheck.assertGradients(in -> LayerNormalization.layerNorm(in[0], new int[] {3, 2}, null, null, 1e-5), x);
        Tensor wc = TensorArbitraries.uniform(seed + 3, DType.FLOAT64, 0.5, 2, channels);
        Tensor bc = TensorArbitraries.uniform(seed + 4, DType.FLOAT64, -1, 1, channels);
        GradCheck.assertGradients(in -> LayerNormalization.layerNormChannelsFirst(in[0], in[1], in[2], 1e-5), x, wc,
                bc);
    }

    @Example
    void theResultAndGradientsDoNotDependOnTheThreadCount() {
        Tensor x = ImageTensors.random(5, DType.FLOAT32, 4, 196, 64);
        Tensor w = ImageTensors.random(6, DType.FLOAT32, 64);
        float[][] one = ImageTensors.withThreads(1, () -> forwardAndBackward(x, w));
        float[][] two = ImageTensors.withThreads(2, () -> forwardAndBackward(x, w));
        for (int i = 0; i < one.length; i++) {
            assertArrayEquals(one[i], two[i], "output " + i);
        }
    }

    private static float[][] forwardAndBackward(Tensor x, Tensor w) {
        Tensor xi = x.detach().requiresGrad(true);
        Tensor wi = w.detach().requiresGrad(true);
        Tensor y = LayerNormalization.layerNorm(xi, new int[] {64}, wi, null, 1e-5);
        y.mul(y).sum().backward();
        return new float[][] {y.toFloatArray(), xi.grad().toFloatArray(), wi.grad().toFloatArray()};
    }

    @Example
    void mismatchedShapesAndEpsAreRejectedByName() {
        Tensor x = Tensor.ones(2, 3, 4);
        String m1 = assertThrows(ShapeException.class,
                () -> LayerNormalization.layerNorm(x, new int[] {3}, null, null, 1e-5)).getMessage();
        assertTrue(m1.contains("normalized_shape"), m1);
        String m2 = assertThrows(ShapeException.class,
                () -> LayerNormalization.layerNorm(x, new int[] {4}, Tensor.ones(3), null, 1e-5)).getMessage();
        assertTrue(m2.contains("weight must have shape [4]"), m2);
        String m3 = assertThrows(IllegalArgumentException.class,
                () -> LayerNormalization.layerNormChannelsFirst(x, null, null, 0)).getMessage();
        assertTrue(m3.contains("eps must be positive"), m3);
    }
}

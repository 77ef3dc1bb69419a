package org.unet4j.layers.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;
import org.unet4j.layers.ModuleGradients;

/**
 * Two layers UNeXt and TransUNet use that need no new op: {@link Linear} on token sequences {@code [N, L, C]} and
 * the depthwise {@link Conv2d} (groups = channels), each against a direct loop, through finite differences, and
 * with the same bits on one and two threads.
 */
class TokenLinearAndDepthwiseTest {

    @Property(tries = 25)
    void linearMapsEveryTokenByTheSameMatrix(@ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 5) int tokens, @ForAll @IntRange(min = 1, max = 5) int in,
            @ForAll @IntRange(min = 1, max = 5) int out, @ForAll long seed) {
        Linear fc = new Linear(in, out, new SplittableRandom(seed));
        fc.to(DType.FLOAT64);
        Tensor x = Tensor.randn(new SplittableRandom(seed + 1), DType.FLOAT64, batch, tokens, in);
        double[] w = fc.weight().tensor().toDoubleArray();
        double[] b = fc.bias().tensor().toDoubleArray();
        double[] v = x.toDoubleArray();
        double[] expected = new double[batch * tokens * out];
        for (int t = 0; t < batch * tokens; t++) {
            for (int o = 0; o < out; o++) {
                double s = b[o];
                for (int i = 0; i < in; i++) {
                    s += w[o * in + i] * v[t * in + i];
                }
                expected[t * out + o] = s;
            }
        }
        Tensor y = fc.forward(x);
        assertArrayEquals(new int[] {batch, tokens, out}, y.dims());
        assertArrayEquals(expected, y.toDoubleArray(), 1e-12);
        ModuleGradients.assertGradientsMatch(fc, x);
    }

    @Property(tries = 25)
    void depthwiseConvolutionFiltersEachChannelByItsOwnKernel(@ForAll @IntRange(min = 1, max = 5) int channels,
            @ForAll @IntRange(min = 1, max = 2) int half, @ForAll @IntRange(min = 1, max = 6) int h,
            @ForAll @IntRange(min = 1, max = 6) int w, @ForAll long seed) {
        int k = 2 * half + 1;
        Conv2d dw = Conv2d.depthwise(channels, k).build(new SplittableRandom(seed));
        dw.to(DType.FLOAT64);
        assertEquals((long) channels * (k * k + 1), dw.parameterCount());
        Tensor x = Tensor.randn(new SplittableRandom(seed + 1), DType.FLOAT64, 2, channels, h, w);
        double[] kw = dw.weight().tensor().toDoubleArray();
        double[] bias = dw.bias().tensor().toDoubleArray();
        double[] v = x.toDoubleArray();
        double[] expected = new double[v.length];
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        double s = bias[c];
                        for (int a = 0; a < k; a++) {
                            for (int b = 0; b < k; b++) {
                                int si = i + a - half;
                                int sj = j + b - half;
                                if (si >= 0 && si < h && sj >= 0 && sj < w) {
                                    s += kw[(c * k + a) * k + b] * v[((n * channels + c) * h + si) * w + sj];
                                }
                            }
                        }
                        expected[((n * channels + c) * h + i) * w + j] = s;
                    }
                }
            }
        }
        assertArrayEquals(expected, dw.forward(x).toDoubleArray(), 1e-12);
    }

    @Property(tries = 5)
    void depthwiseConvolutionAndTokenLinearGiveTheSameBitsOnOneAndTwoThreads(@ForAll long seed) {
        Conv2d dw = Conv2d.depthwise(32, 3).build(new SplittableRandom(seed));
        Linear fc = new Linear(32, 64, new SplittableRandom(seed));
        Tensor x = Tensor.randn(new SplittableRandom(seed + 1), 2, 32, 14, 14);
        Tensor t = Tensor.randn(new SplittableRandom(seed + 2), 2, 196, 32);
        int previous = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] conv1 = dw.forward(x).toFloatArray();
            float[] fc1 = fc.forward(t).toFloatArray();
            Parallel.setThreads(2);
            assertArrayEquals(conv1, dw.forward(x).toFloatArray());
            assertArrayEquals(fc1, fc.forward(t).toFloatArray());
        } finally {
            Parallel.setThreads(previous);
        }
    }

    @Property(tries = 5)
    void gradientsThroughTheDepthwiseLayerMatchFiniteDifferences(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        ModuleGradients.assertGradientsMatch(Conv2d.depthwise(3, 3).build(rng),
                Tensor.randn(rng, DType.FLOAT64, 1, 3, 4, 5));
    }
}

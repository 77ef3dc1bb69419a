package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unet4j.autodiff.ImageTensors.assertClose;
import static org.unet4j.autodiff.ImageTensors.tolerance;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Max, average and adaptive average pooling against direct loops over every window, for random sizes (odd
 * included), kernels, strides and paddings in float32 and float64; backward passes by finite differences; the
 * argument checks; and independence of the thread count.
 */
class PoolingProperties {

    /** A pooling problem: input sizes, kernel, stride, padding (at most half the kernel) and dtype. */
    record Pool(int n, int c, int h, int w, int kH, int kW, int sH, int sW, int pH, int pW, DType dtype, long seed) {
        static Pool random(Random r, int maxExtra) {
            int kH = 1 + r.nextInt(4);
            int kW = 1 + r.nextInt(4);
            int pH = r.nextInt(kH / 2 + 1);
            int pW = r.nextInt(kW / 2 + 1);
            return new Pool(1 + r.nextInt(2), 1 + r.nextInt(3), Math.max(1, kH - 2 * pH) + r.nextInt(maxExtra + 1),
                    Math.max(1, kW - 2 * pW) + r.nextInt(maxExtra + 1), kH, kW, 1 + r.nextInt(3), 1 + r.nextInt(3), pH,
                    pW, r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64, r.nextLong());
        }

        int outH() {
            return (h + 2 * pH - kH) / sH + 1;
        }

        int outW() {
            return (w + 2 * pW - kW) / sW + 1;
        }

        int[] outDims() {
            return new int[] {n, c, outH(), outW()};
        }

        Tensor input() {
            return ImageTensors.random(seed, dtype, n, c, h, w);
        }
    }

    @Provide
    Arbitrary<Pool> pools() {
        return Arbitraries.randomValue(r -> Pool.random(r, 7));
    }

    @Provide
    Arbitrary<Pool> smallPools() {
        return Arbitraries.randomValue(r -> Pool.random(r, 3));
    }

    /** The window of output row {@code i}: input rows {@code [i s - p, i s - p + k)}, those inside the input. */
    private static double[] directPool(Tensor x, Pool p, boolean max, boolean countPadding) {
        Tensor host = x.to(Device.CPU);
        double[] out = new double[p.n * p.c * p.outH() * p.outW()];
        int o = 0;
        for (int n = 0; n < p.n; n++) {
            for (int c = 0; c < p.c; c++) {
                for (int i = 0; i < p.outH(); i++) {
                    for (int j = 0; j < p.outW(); j++) {
                        double best = Double.NEGATIVE_INFINITY;
                        double sum = 0;
                        int covered = 0;
                        for (int u = 0; u < p.kH; u++) {
                            for (int v = 0; v < p.kW; v++) {
                                int row = i * p.sH - p.pH + u;
                                int col = j * p.sW - p.pW + v;
                                if (row >= 0 && row < p.h && col >= 0 && col < p.w) {
                                    double value = host.get(n, c, row, col);
                                    best = Math.max(best, value);
                                    sum += value;
                                    covered++;
                                }
                            }
                        }
                        out[o++] = max ? best : sum / (countPadding ? p.kH * p.kW : covered);
                    }
                }
            }
        }
        return out;
    }

    @Property(tries = 60)
    void maxPoolIsTheMaximumOverEachWindow(@ForAll("pools") Pool p) {
        Tensor x = p.input();
        Tensor y = Pooling.maxPool2d(x, p.kH, p.kW, p.sH, p.sW, p.pH, p.pW);
        assertClose(p.outDims(), directPool(x, p, true, true), y, 0, "maxPool2d " + p);
    }

    @Property(tries = 60)
    void avgPoolIsTheMeanOverEachWindowWithOrWithoutPadding(@ForAll("pools") Pool p, @ForAll boolean countPadding) {
        Tensor x = p.input();
        Tensor y = Pooling.avgPool2d(x, p.kH, p.kW, p.sH, p.sW, p.pH, p.pW, countPadding);
        assertClose(p.outDims(), directPool(x, p, false, countPadding), y, tolerance(p.dtype),
                "avgPool2d " + p + " countPadding " + countPadding);
    }

    @Property(tries = 30)
    void maxPoolGradientGoesToTheArgmaxOfEachWindow(@ForAll("smallPools") Pool p) {
        Tensor x = ImageTensors.distinct(p.seed, p.n, p.c, p.h, p.w);
        GradCheck.assertGradients(in -> Pooling.maxPool2d(in[0], p.kH, p.kW, p.sH, p.sW, p.pH, p.pW), x);
    }

    @Property(tries = 30)
    void avgPoolGradientMatchesFiniteDifferences(@ForAll("smallPools") Pool p, @ForAll boolean countPadding) {
        Tensor x = ImageTensors.random(p.seed, DType.FLOAT64, p.n, p.c, p.h, p.w);
        GradCheck.assertGradients(in -> Pooling.avgPool2d(in[0], p.kH, p.kW, p.sH, p.sW, p.pH, p.pW, countPadding),
                x);
    }

    @Example
    void convenienceFormsUseAStrideEqualToTheKernel() {
        Tensor x = ImageTensors.random(1, DType.FLOAT32, 2, 3, 9, 7);
        assertArrayEquals(Pooling.maxPool2d(x, 3, 3, 3, 3).toFloatArray(), Pooling.maxPool2d(x, 3).toFloatArray());
        assertArrayEquals(Pooling.avgPool2d(x, 2, 2, 2, 2).toFloatArray(), Pooling.avgPool2d(x, 2).toFloatArray());
        assertArrayEquals(new int[] {2, 3, 3, 2}, Pooling.maxPool2d(x, 3).dims());
    }

    @Example
    void tiedMaximaSendTheGradientToTheFirstInRowMajorOrder() {
        Tensor x = Tensor.wrap(new double[] {1, 5, 5, 5}, 1, 1, 2, 2).requiresGrad(true);
        Pooling.maxPool2d(x, 2).sum().backward();
        assertArrayEquals(new double[] {0, 1, 0, 0}, x.grad().toDoubleArray());
    }

    /** PyTorch's adaptive bins: bin i of {@code in -> out} covers {@code [floor(i in / out), ceil((i + 1) in / out))}. */
    private static double[] directAdaptive(Tensor x, int outH, int outW) {
        Tensor host = x.to(Device.CPU);
        int n = x.dim(0);
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        double[] out = new double[n * c * outH * outW];
        int o = 0;
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < outH; i++) {
                    for (int j = 0; j < outW; j++) {
                        int r0 = Math.floorDiv(i * h, outH);
                        int r1 = -Math.floorDiv(-(i + 1) * h, outH);
                        int c0 = Math.floorDiv(j * w, outW);
                        int c1 = -Math.floorDiv(-(j + 1) * w, outW);
                        double sum = 0;
                        for (int r = r0; r < r1; r++) {
                            for (int col = c0; col < c1; col++) {
                                sum += host.get(b, ch, r, col);
                            }
                        }
                        out[o++] = sum / ((r1 - r0) * (c1 - c0));
                    }
                }
            }
        }
        return out;
    }

    @Property(tries = 50)
    void adaptiveAvgPoolAveragesPyTorchBins(@ForAll @IntRange(min = 1, max = 13) int h,
            @ForAll @IntRange(min = 1, max = 13) int w, @ForAll @IntRange(min = 1, max = 9) int outH,
            @ForAll @IntRange(min = 1, max = 9) int outW, @ForAll boolean float64, @ForAll long seed) {
        DType dtype = float64 ? DType.FLOAT64 : DType.FLOAT32;
        Tensor x = ImageTensors.random(seed, dtype, 2, 3, h, w);
        Tensor y = Pooling.adaptiveAvgPool2d(x, outH, outW);
        assertClose(new int[] {2, 3, outH, outW}, directAdaptive(x, outH, outW), y, tolerance(dtype),
                "adaptiveAvgPool2d " + h + "x" + w + " -> " + outH + "x" + outW);
    }

    @Property(tries = 25)
    void adaptiveAvgPoolGradientMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 6) int h,
            @ForAll @IntRange(min = 1, max = 6) int w, @ForAll @IntRange(min = 1, max = 5) int outH,
            @ForAll @IntRange(min = 1, max = 5) int outW, @ForAll long seed) {
        Tensor x = ImageTensors.random(seed, DType.FLOAT64, 1, 2, h, w);
        GradCheck.assertGradients(in -> Pooling.adaptiveAvgPool2d(in[0], outH, outW), x);
    }

    @Example
    void globalAveragePoolingIsTheMeanOfEachPlane() {
        Tensor x = ImageTensors.random(3, DType.FLOAT64, 2, 3, 5, 7);
        Tensor y = Pooling.adaptiveAvgPool2d(x, 1, 1);
        assertClose(new int[] {2, 3, 1, 1}, x.mean(new int[] {2, 3}, true).toDoubleArray(), y, 1e-14, "global mean");
    }

    @Property(tries = 20)
    void poolingKernelsAlsoPoolVolumes(@ForAll @IntRange(min = 1, max = 3) int k, @ForAll @IntRange(min = 1, max = 2)
            int s, @ForAll @IntRange(min = 0, max = 4) int extra, @ForAll boolean countPadding, @ForAll long seed) {
        int p = k / 2;
        int d = Math.max(1, k - 2 * p) + extra;
        Tensor x = ImageTensors.random(seed, DType.FLOAT64, 2, 2, d, d + 1, d + 2);
        ImagingKernels.Window window = new ImagingKernels.Window(new int[] {k, k, k}, new int[] {s, s, s},
                new int[] {p, p, p});
        ImagingKernels kernels = x.device().backend().imaging();
        Tensor max = kernels.maxPool(x, window).values();
        Tensor avg = kernels.avgPool(x, window, countPadding);
        int[] outDims = window.outputShape(x.shape()).dims();
        int count = 0;
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < outDims[2]; i++) {
                    for (int j = 0; j < outDims[3]; j++) {
                        for (int l = 0; l < outDims[4]; l++) {
                            double best = Double.NEGATIVE_INFINITY;
                            double sum = 0;
                            int covered = 0;
                            for (int u = i * s - p; u < i * s - p + k; u++) {
                                for (int v = j * s - p; v < j * s - p + k; v++) {
                                    for (int t = l * s - p; t < l * s - p + k; t++) {
                                        if (u >= 0 && u < d && v >= 0 && v < d + 1 && t >= 0 && t < d + 2) {
                                            best = Math.max(best, x.get(n, c, u, v, t));
                                            sum += x.get(n, c, u, v, t);
                                            covered++;
                                        }
                                    }
                                }
                            }
                            assertEquals(best, max.get(n, c, i, j, l), "max over volume window");
                            assertEquals(sum / (countPadding ? k * k * k : covered), avg.get(n, c, i, j, l), 1e-12,
                                    "average over volume window");
                            count++;
                        }
                    }
                }
            }
        }
        assertEquals(max.size(), count);
    }

    @Example
    void resultsDoNotDependOnTheThreadCount() {
        Tensor x = ImageTensors.random(11, DType.FLOAT32, 4, 16, 63, 65);
        Tensor seed = ImageTensors.random(12, DType.FLOAT32, 4, 16, 21, 33);
        float[][] one = ImageTensors.withThreads(1, () -> pooledAndGradients(x, seed));
        float[][] two = ImageTensors.withThreads(2, () -> pooledAndGradients(x, seed));
        for (int i = 0; i < one.length; i++) {
            assertArrayEquals(one[i], two[i], "result " + i);
        }
    }

    private static float[][] pooledAndGradients(Tensor x, Tensor seed) {
        Tensor leaf = x.detach().requiresGrad(true);
        Tensor max = Pooling.maxPool2d(leaf, 3, 2, 3, 2, 1, 1);
        Tensor avg = Pooling.avgPool2d(leaf, 3, 2, 3, 2, 1, 1, false);
        max.add(avg).backward(seed);
        Tensor adaptive = Pooling.adaptiveAvgPool2d(x, 5, 7);
        return new float[][] {max.toFloatArray(), avg.toFloatArray(), leaf.grad().toFloatArray(),
                adaptive.toFloatArray()};
    }

    @Example
    void inputsThatAreNotNchwAreRejectedNamingTheLayout() {
        Tensor x = Tensor.zeros(3, 8, 8);
        String message = assertThrows(ShapeException.class, () -> Pooling.maxPool2d(x, 2)).getMessage();
        assertTrue(message.contains("maxPool2d") && message.contains("NCHW") && message.contains("[3, 8, 8]"),
                message);
    }

    @Example
    void aKernelLargerThanTheInputIsRejected() {
        Tensor x = Tensor.zeros(1, 2, 4, 6);
        String message = assertThrows(ShapeException.class, () -> Pooling.avgPool2d(x, 5, 3, 1, 1)).getMessage();
        assertTrue(message.contains("avgPool2d") && message.contains("larger than the input")
                && message.contains("[1, 2, 4, 6]") && message.contains("height"), message);
    }

    @Example
    void paddingOfMoreThanHalfTheKernelIsRejected() {
        Tensor x = Tensor.zeros(1, 1, 8, 8);
        String message = assertThrows(IllegalArgumentException.class,
                () -> Pooling.maxPool2d(x, 3, 3, 1, 1, 2, 0)).getMessage();
        assertTrue(message.contains("maxPool2d") && message.contains("at most kernel / 2"), message);
    }

    @Example
    void nonPositiveKernelsStridesAndOutputSizesAreRejected() {
        Tensor x = Tensor.zeros(1, 1, 8, 8);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pooling.maxPool2d(x, 0)).getMessage()
                .contains("kernel sizes must be >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pooling.avgPool2d(x, 2, 2, 0, 1)).getMessage()
                .contains("strides must be >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pooling.adaptiveAvgPool2d(x, 0, 3))
                .getMessage().contains("output sizes must be >= 1"));
    }
}

package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * maxPool3d, avgPool3d (with and without {@code countIncludePad}) and adaptiveAvgPool3d against direct loops over
 * every output element, for anisotropic kernels, strides and paddings and odd sizes in float32 and float64; their
 * gradients by finite differences; independence of the thread count; and the argument checks.
 */
class Pooling3dProperties {

    /** One pooling problem: input dims {@code [N, C, D, H, W]} and the per-axis window. */
    record Pool(int[] dims, int[] kernel, int[] stride, int[] padding, DType dtype, long seed) {
        int[] out() {
            int[] o = new int[3];
            for (int a = 0; a < 3; a++) {
                o[a] = (dims[2 + a] + 2 * padding[a] - kernel[a]) / stride[a] + 1;
            }
            return o;
        }

        @Override
        public String toString() {
            return "input " + Arrays.toString(dims) + ", kernel " + Arrays.toString(kernel) + ", stride "
                    + Arrays.toString(stride) + ", padding " + Arrays.toString(padding) + ", " + dtype;
        }
    }

    private static Pool draw(long seed, DType dtype, int maxExtent) {
        Random r = new Random(seed);
        int[] kernel = new int[3];
        int[] stride = new int[3];
        int[] padding = new int[3];
        int[] dims = {1 + r.nextInt(2), 1 + r.nextInt(3), 0, 0, 0};
        for (int a = 0; a < 3; a++) {
            kernel[a] = 1 + r.nextInt(3);
            stride[a] = 1 + r.nextInt(3);
            padding[a] = r.nextInt(kernel[a] / 2 + 1);
            dims[2 + a] = Math.max(kernel[a], 1 + r.nextInt(maxExtent));
        }
        return new Pool(dims, kernel, stride, padding, dtype, r.nextLong());
    }

    @Provide
    Arbitrary<Pool> pools() {
        return Arbitraries.longs().flatMap(seed -> Arbitraries.of(DType.values()).map(d -> draw(seed, d, 9)));
    }

    @Provide
    Arbitrary<Pool> smallPools() {
        return Arbitraries.longs().map(seed -> draw(seed, DType.FLOAT64, 5));
    }

    private static int flat(int[] dims, int n, int c, int d, int h, int w) {
        return (((n * dims[1] + c) * dims[2] + d) * dims[3] + h) * dims[4] + w;
    }

    /** Max, or mean with the given divisor rule, of x over every window, by loops over the window's elements. */
    static double[] directPool(Pool p, double[] x, boolean max, boolean countIncludePad) {
        int[] d = p.dims();
        int[] o = p.out();
        double[] y = new double[d[0] * d[1] * o[0] * o[1] * o[2]];
        int at = 0;
        for (int n = 0; n < d[0]; n++) {
            for (int c = 0; c < d[1]; c++) {
                for (int i = 0; i < o[0]; i++) {
                    for (int j = 0; j < o[1]; j++) {
                        for (int l = 0; l < o[2]; l++) {
                            double acc = max ? Double.NEGATIVE_INFINITY : 0;
                            int covered = 0;
                            for (int u = 0; u < p.kernel()[0]; u++) {
                                for (int v = 0; v < p.kernel()[1]; v++) {
                                    for (int t = 0; t < p.kernel()[2]; t++) {
                                        int id = i * p.stride()[0] - p.padding()[0] + u;
                                        int ih = j * p.stride()[1] - p.padding()[1] + v;
                                        int iw = l * p.stride()[2] - p.padding()[2] + t;
                                        if (id < 0 || id >= d[2] || ih < 0 || ih >= d[3] || iw < 0 || iw >= d[4]) {
                                            continue;
                                        }
                                        double value = x[flat(d, n, c, id, ih, iw)];
                                        acc = max ? Math.max(acc, value) : acc + value;
                                        covered++;
                                    }
                                }
                            }
                            int full = p.kernel()[0] * p.kernel()[1] * p.kernel()[2];
                            y[at++] = max ? acc : acc / (countIncludePad ? full : covered);
                        }
                    }
                }
            }
        }
        return y;
    }

    private static Tensor input(Pool p) {
        return ImageTensors.random(p.seed(), p.dtype(), p.dims());
    }

    private static int[] outDims(Pool p) {
        int[] o = p.out();
        return new int[] {p.dims()[0], p.dims()[1], o[0], o[1], o[2]};
    }

    @Property(tries = 60)
    void maxPool3dIsTheMaximumOverEachWindow(@ForAll("pools") Pool p) {
        Tensor x = input(p);
        Tensor y = Pooling.maxPool3d(x, p.kernel(), p.stride(), p.padding());
        ImageTensors.assertClose(outDims(p), directPool(p, x.toDoubleArray(), true, false), y, 0, p.toString());
    }

    @Property(tries = 60)
    void avgPool3dIsTheMeanOverEachWindowWithOrWithoutPadding(@ForAll("pools") Pool p,
            @ForAll boolean countIncludePad) {
        Tensor x = input(p);
        Tensor y = Pooling.avgPool3d(x, p.kernel(), p.stride(), p.padding(), countIncludePad);
        ImageTensors.assertClose(outDims(p), directPool(p, x.toDoubleArray(), false, countIncludePad), y,
                ImageTensors.tolerance(p.dtype()), p.toString());
    }

    @Property(tries = 25)
    void maxPool3dGradientGoesToTheArgmaxOfEachWindow(@ForAll("smallPools") Pool p) {
        Tensor x = ImageTensors.distinct(p.seed(), p.dims());
        GradCheck.assertGradients(t -> Pooling.maxPool3d(t[0], p.kernel(), p.stride(), p.padding()), x);
    }

    @Property(tries = 25)
    void avgPool3dGradientMatchesFiniteDifferences(@ForAll("smallPools") Pool p, @ForAll boolean countIncludePad) {
        Tensor x = input(p);
        GradCheck.assertGradients(t -> Pooling.avgPool3d(t[0], p.kernel(), p.stride(), p.padding(), countIncludePad),
                x);
    }

    @Example
    void convenienceFormsUseAStrideEqualToTheKernelPerAxis() {
        Tensor x = ImageTensors.random(3, DType.FLOAT64, 2, 3, 5, 8, 6);
        assertArrayEquals(new int[] {2, 3, 5, 4, 3}, Pooling.maxPool3d(x, 1, 2, 2).dims());
        assertArrayEquals(new int[] {2, 3, 2, 4, 3}, Pooling.maxPool3d(x, 2).dims());
        assertArrayEquals(Pooling.avgPool3d(x, new int[] {1, 2, 2}, new int[] {1, 2, 2}, new int[3], true)
                .toDoubleArray(), Pooling.avgPool3d(x, 1, 2, 2).toDoubleArray());
    }

    /**
     * PyTorch's bins per axis, {@code [floor(i in / out), ceil((i + 1) in / out))}, averaged as a product over the
     * three axes.
     */
    static double[] directAdaptive(int[] d, int[] out, double[] x) {
        double[] y = new double[d[0] * d[1] * out[0] * out[1] * out[2]];
        int at = 0;
        for (int n = 0; n < d[0]; n++) {
            for (int c = 0; c < d[1]; c++) {
                for (int i = 0; i < out[0]; i++) {
                    for (int j = 0; j < out[1]; j++) {
                        for (int l = 0; l < out[2]; l++) {
                            double sum = 0;
                            int count = 0;
                            for (int id = i * d[2] / out[0]; id < ceilDiv((i + 1) * d[2], out[0]); id++) {
                                for (int ih = j * d[3] / out[1]; ih < ceilDiv((j + 1) * d[3], out[1]); ih++) {
                                    for (int iw = l * d[4] / out[2]; iw < ceilDiv((l + 1) * d[4], out[2]); iw++) {
                                        sum += x[flat(d, n, c, id, ih, iw)];
                                        count++;
                                    }
                                }
                            }
                            y[at++] = sum / count;
                        }
                    }
                }
            }
        }
        return y;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    @Property(tries = 40)
    void adaptiveAvgPool3dAveragesPyTorchBins(@ForAll long seed, @ForAll DType dtype) {
        Random r = new Random(seed);
        int[] d = {1 + r.nextInt(2), 1 + r.nextInt(2), 1 + r.nextInt(9), 1 + r.nextInt(9), 1 + r.nextInt(9)};
        int[] out = {1 + r.nextInt(6), 1 + r.nextInt(6), 1 + r.nextInt(6)};
        Tensor x = ImageTensors.random(seed, dtype, d);
        Tensor y = Pooling.adaptiveAvgPool3d(x, out[0], out[1], out[2]);
        ImageTensors.assertClose(new int[] {d[0], d[1], out[0], out[1], out[2]},
                directAdaptive(d, out, x.toDoubleArray()), y, ImageTensors.tolerance(dtype),
                Arrays.toString(d) + " -> " + Arrays.toString(out));
    }

    @Property(tries = 20)
    void adaptiveAvgPool3dGradientMatchesFiniteDifferences(@ForAll long seed) {
        Random r = new Random(seed);
        Tensor x = ImageTensors.random(seed, DType.FLOAT64, 1, 2, 1 + r.nextInt(5), 1 + r.nextInt(5),
                1 + r.nextInt(5));
        int[] out = {1 + r.nextInt(4), 1 + r.nextInt(4), 1 + r.nextInt(4)};
        GradCheck.assertGradients(t -> Pooling.adaptiveAvgPool3d(t[0], out[0], out[1], out[2]), x);
    }

    @Example
    void resultsAndGradientsDoNotDependOnTheThreadCount() {
        Tensor x = ImageTensors.random(9, DType.FLOAT32, 3, 5, 9, 17, 15);
        double[][] one = ImageTensors.withThreads(1, () -> pooledAndGradients(x));
        double[][] two = ImageTensors.withThreads(2, () -> pooledAndGradients(x));
        double[][] four = ImageTensors.withThreads(4, () -> pooledAndGradients(x));
        for (int i = 0; i < one.length; i++) {
            assertArrayEquals(one[i], two[i], "part " + i + " with 1 and 2 threads");
            assertArrayEquals(one[i], four[i], "part " + i + " with 1 and 4 threads");
        }
    }

    private static double[][] pooledAndGradients(Tensor input) {
        Tensor x = input.detach().requiresGrad(true);
        Tensor m = Pooling.maxPool3d(x, new int[] {1, 3, 2}, new int[] {1, 2, 2}, new int[] {0, 1, 1});
        Tensor a = Pooling.avgPool3d(x, new int[] {3, 2, 3}, new int[] {2, 2, 1}, new int[] {1, 0, 1}, false);
        Tensor g = Pooling.adaptiveAvgPool3d(x, 2, 5, 3);
        m.mul(m).sum().add(a.mul(a).sum()).add(g.mul(g).sum()).backward();
        return new double[][] {m.toDoubleArray(), a.toDoubleArray(), g.toDoubleArray(), x.grad().toDoubleArray()};
    }

    @Example
    void inputsThatAreNotNcdhwAreRejectedNamingTheLayout() {
        ShapeException e = assertThrows(ShapeException.class, () -> Pooling.maxPool3d(Tensor.zeros(1, 1, 4, 4), 2));
        assertTrue(e.getMessage().contains("NCDHW"), e.getMessage());
        e = assertThrows(ShapeException.class, () -> Pooling.adaptiveAvgPool3d(Tensor.zeros(1, 4, 4), 1, 1, 1));
        assertTrue(e.getMessage().contains("NCDHW"), e.getMessage());
    }

    @Example
    void badWindowsAreRejectedNamingTheAxisAndTheRule() {
        Tensor x = Tensor.zeros(1, 1, 2, 6, 6);
        ShapeException tooLarge = assertThrows(ShapeException.class, () -> Pooling.maxPool3d(x, 3));
        assertTrue(tooLarge.getMessage().contains("along the depth"), tooLarge.getMessage());
        IllegalArgumentException padding = assertThrows(IllegalArgumentException.class,
                () -> Pooling.avgPool3d(x, new int[] {1, 2, 2}, new int[] {1, 2, 2}, new int[] {0, 2, 0}, true));
        assertTrue(padding.getMessage().contains("at most kernel / 2"), padding.getMessage());
        IllegalArgumentException stride = assertThrows(IllegalArgumentException.class,
                () -> Pooling.maxPool3d(x, new int[] {1, 2, 2}, new int[] {1, 0, 2}, new int[3]));
        assertTrue(stride.getMessage().contains("must be >= 1"), stride.getMessage());
        IllegalArgumentException axes = assertThrows(IllegalArgumentException.class,
                () -> Pooling.maxPool3d(x, new int[] {2, 2}, new int[] {2, 2}, new int[2]));
        assertTrue(axes.getMessage().contains("3 entries"), axes.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pooling.adaptiveAvgPool3d(x, 1, 0, 1));
    }
}

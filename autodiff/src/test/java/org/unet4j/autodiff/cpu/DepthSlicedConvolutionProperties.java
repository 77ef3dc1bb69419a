package org.unet4j.autodiff.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Supplier;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.unet4j.autodiff.ConvolutionKernels.Geometry;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * The depth-sliced volume convolution against the lowered kernels (im2col and GEMM, the reference path) on the same
 * operands, for all three passes: random geometries with any depth stride, dilation and padding and a stride-1 or
 * patch image sub-geometry, odd sizes, float32 and float64, whole and in chunks of output slices; which geometries it
 * takes; results independent of the thread count, for a SAME 3x3x3 and a 2x2x2 patch geometry, whole and in chunks.
 */
class DepthSlicedConvolutionProperties {

    private static Tensor random(Random r, DType dtype, Shape shape) {
        double[] v = new double[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = 2 * r.nextDouble() - 1;
        }
        Tensor t = Tensor.wrap(v, shape);
        return dtype == DType.FLOAT32 ? t.to(DType.FLOAT32) : t;
    }

    /** A volume geometry whose depth axis is arbitrary and whose image axes are stride 1 or a patch. */
    static Geometry volume(long seed) {
        Random r = new Random(seed);
        while (true) {
            boolean patch = r.nextInt(4) == 0;
            int s = 2 + r.nextInt(2);
            int kd = 1 + r.nextInt(3);
            int sd = 1 + r.nextInt(2);
            int dd = 1 + r.nextInt(2);
            int depth = 1 + r.nextInt(7);
            int padD = r.nextInt(dd * (kd - 1) + 1);
            int outD = (depth + padD + r.nextInt(dd * (kd - 1) + 1) - dd * (kd - 1) - 1) / sd + 1;
            int[] kernel = {kd, patch ? s : 1 + r.nextInt(3), patch ? s : 1 + r.nextInt(3)};
            int[] input = {depth, 1 + r.nextInt(13), 1 + r.nextInt(13)};
            int[] output = new int[3];
            int[] before = {padD, 0, 0};
            output[0] = outD;
            for (int a = 1; a < 3; a++) {
                if (patch) {
                    input[a] = s * (1 + r.nextInt(5));
                    output[a] = input[a] / s;
                } else {
                    int span = kernel[a] - 1;
                    before[a] = r.nextInt(span + 1);
                    output[a] = input[a] + before[a] + r.nextInt(span + 1) - span;
                }
            }
            if (outD >= 1 && output[1] >= 1 && output[2] >= 1) {
                int[] stride = patch ? new int[] {sd, s, s} : new int[] {sd, 1, 1};
                return new Geometry(1 + r.nextInt(2), 1 + r.nextInt(5), 1 + r.nextInt(5), 1, input, kernel, output,
                        stride, new int[] {dd, 1, 1}, before);
            }
        }
    }

    private static void assertSameValues(Tensor expected, Tensor actual, double tol, String what) {
        assertArrayEquals(expected.dims(), actual.dims(), what);
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(e[i] - a[i]) <= tol * (1 + Math.abs(e[i])))) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", the lowered path gives " + e[i]);
            }
        }
    }

    @Property(tries = 80)
    void allThreePassesMatchTheLoweredKernels(@ForAll long seed, @ForAll DType dtype) {
        Geometry g = volume(seed);
        assertTrue(DepthSlicedConvolution.applies(g), g::toString);
        Random r = new Random(seed);
        Tensor x = random(r, dtype, g.inputShape());
        Tensor w = random(r, dtype, g.weightShape());
        Tensor b = random(r, dtype, Shape.of(g.outChannels()));
        Tensor gy = random(r, dtype, g.outputShape());
        double tol = dtype == DType.FLOAT32 ? 2e-5 : 1e-12;
        assertSameValues(LoweredConvolution.forward(x, w, b, g), DepthSlicedConvolution.forward(x, w, b, g), tol,
                "forward " + g);
        assertSameValues(LoweredConvolution.backwardInput(gy, w, g), DepthSlicedConvolution.backwardInput(gy, w, g),
                tol, "input gradient " + g);
        assertSameValues(LoweredConvolution.backwardWeight(gy, x, g),
                DepthSlicedConvolution.backwardWeight(gy, x, g), tol, "weight gradient " + g);
    }

    @Property(tries = 40)
    void passesInChunksOfSlicesMatchTheLoweredKernels(@ForAll long seed, @ForAll DType dtype) {
        Geometry g = volume(seed);
        Random r = new Random(seed);
        int chunk = 1 + r.nextInt(3);
        Tensor x = random(r, dtype, g.inputShape());
        Tensor w = random(r, dtype, g.weightShape());
        Tensor b = random(r, dtype, Shape.of(g.outChannels()));
        Tensor gy = random(r, dtype, g.outputShape());
        double tol = dtype == DType.FLOAT32 ? 2e-5 : 1e-12;
        String what = g + " in chunks of " + chunk + " slices";
        assertSameValues(LoweredConvolution.forward(x, w, b, g), DepthSlicedConvolution.forward(x, w, b, g, chunk),
                tol, "forward " + what);
        assertSameValues(LoweredConvolution.backwardInput(gy, w, g),
                DepthSlicedConvolution.backwardInput(gy, w, g, chunk), tol, "input gradient " + what);
        assertSameValues(LoweredConvolution.backwardWeight(gy, x, g),
                DepthSlicedConvolution.backwardWeight(gy, x, g, chunk), tol, "weight gradient " + what);
    }

    @Example
    void stridedOrGroupedImageAxesAreLeftToTheLoweredKernels() {
        Geometry strided = new Geometry(1, 2, 2, 1, new int[] {4, 9, 9}, new int[] {3, 3, 3}, new int[] {4, 4, 4},
                new int[] {1, 2, 2}, new int[] {1, 1, 1}, new int[] {1, 0, 0});
        assertFalse(DepthSlicedConvolution.applies(strided));
        Geometry grouped = new Geometry(1, 4, 4, 2, new int[] {4, 9, 9}, new int[] {3, 3, 3}, new int[] {4, 9, 9},
                new int[] {1, 1, 1}, new int[] {1, 1, 1}, new int[] {1, 1, 1});
        assertFalse(DepthSlicedConvolution.applies(grouped));
        Geometry same = new Geometry(1, 4, 4, 1, new int[] {4, 9, 9}, new int[] {3, 3, 3}, new int[] {4, 9, 9},
                new int[] {1, 1, 1}, new int[] {1, 1, 1}, new int[] {1, 1, 1});
        assertTrue(DepthSlicedConvolution.applies(same));
    }

    @Example
    void resultsDoNotDependOnTheThreadCount() {
        Geometry same = new Geometry(2, 8, 8, 1, new int[] {9, 33, 31}, new int[] {3, 3, 3}, new int[] {9, 33, 31},
                new int[] {1, 1, 1}, new int[] {1, 1, 1}, new int[] {1, 1, 1});
        Geometry patch = new Geometry(2, 16, 8, 1, new int[] {18, 34, 30}, new int[] {2, 2, 2},
                new int[] {9, 17, 15}, new int[] {2, 2, 2}, new int[] {1, 1, 1}, new int[] {0, 0, 0});
        for (Geometry g : new Geometry[] {same, patch}) {
            Random r = new Random(4);
            Tensor x = random(r, DType.FLOAT32, g.inputShape());
            Tensor w = random(r, DType.FLOAT32, g.weightShape());
            Tensor gy = random(r, DType.FLOAT32, g.outputShape());
            Supplier<float[][]> passes = () -> new float[][] {
                DepthSlicedConvolution.forward(x, w, null, g).toFloatArray(),
                DepthSlicedConvolution.backwardInput(gy, w, g).toFloatArray(),
                DepthSlicedConvolution.backwardWeight(gy, x, g).toFloatArray(),
                DepthSlicedConvolution.backwardInput(gy, w, g, 5).toFloatArray(),
                DepthSlicedConvolution.backwardWeight(gy, x, g, 5).toFloatArray()};
            float[][] one = Parallel.withThreads(1, passes);
            float[][] two = Parallel.withThreads(2, passes);
            float[][] four = Parallel.withThreads(4, passes);
            for (int i = 0; i < one.length; i++) {
                assertArrayEquals(one[i], two[i], "pass " + i + " of " + g + " with 1 and 2 threads");
                assertArrayEquals(one[i], four[i], "pass " + i + " of " + g + " with 1 and 4 threads");
            }
        }
    }
}

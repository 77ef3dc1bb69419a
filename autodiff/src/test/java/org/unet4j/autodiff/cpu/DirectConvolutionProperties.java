package org.unet4j.autodiff.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.unet4j.autodiff.Conv2dOptions;
import org.unet4j.autodiff.Convolution;
import org.unet4j.autodiff.ConvolutionKernels.Geometry;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.GradCheck;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * The direct convolution kernels against the lowered ones (im2col and GEMM, the reference path) on the same
 * operands, for all three passes: random stride-1 geometries (kernels 1 to 4, dilation 1 or 2, every padding from 0
 * to the span on each side, odd sizes, and widths of whole vectors and register tiles, where the products read and
 * write output rows in place) and patch geometries (kernel = stride 2 or 3, odd sizes), channel counts that take
 * blocks of three, of four and padded blocks, in float32 and float64; the U-Net's own layers at full size; results
 * independent of the thread count; and finite differences through the ops that now take this path.
 */
class DirectConvolutionProperties {

    private static Tensor random(Random r, DType dtype, Shape shape) {
        if (dtype == DType.FLOAT32) {
            float[] v = new float[shape.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = 2 * r.nextFloat() - 1;
            }
            return Tensor.wrap(v, shape);
        }
        double[] v = new double[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = 2 * r.nextDouble() - 1;
        }
        return Tensor.wrap(v, shape);
    }

    /** Channel counts: blocks of three (3, 6, 9, 12), of four (4, 8) and padded (1, 2, 5, 7). */
    private static int channels(Random r) {
        int[] counts = {1, 2, 3, 4, 5, 6, 7, 8, 9, 12};
        return counts[r.nextInt(counts.length)];
    }

    /** An extent: mostly small and odd, sometimes whole vectors (16, 32) or a whole register tile (64). */
    private static int extent(Random r) {
        int[] aligned = {16, 32, 64};
        return r.nextInt(4) == 0 ? aligned[r.nextInt(aligned.length)] : 1 + r.nextInt(23);
    }

    /** A stride-1 geometry with padding between 0 and the span on each side and an output of at least 1. */
    static Geometry strideOne(long seed) {
        Random r = new Random(seed);
        while (true) {
            int[] kernel = {1 + r.nextInt(4), 1 + r.nextInt(4)};
            int[] dilation = {1 + r.nextInt(2), 1 + r.nextInt(2)};
            int[] input = {extent(r), extent(r)};
            int[] before = new int[2];
            int[] output = new int[2];
            boolean fits = true;
            for (int a = 0; a < 2; a++) {
                int span = dilation[a] * (kernel[a] - 1);
                before[a] = r.nextInt(span + 1);
                output[a] = input[a] + before[a] + r.nextInt(span + 1) - span;
                fits &= output[a] >= 1;
            }
            if (fits) {
                return new Geometry(1 + r.nextInt(3), channels(r), channels(r), 1, input, kernel, output,
                        new int[] {1, 1}, dilation, before);
            }
        }
    }

    /** A patch geometry: square kernel = stride 2 or 3, no padding, input sizes from 2 up, odd ones included. */
    static Geometry patch(long seed) {
        Random r = new Random(seed);
        int s = 2 + r.nextInt(2);
        int[] input = {s + r.nextInt(30), s + r.nextInt(30)};
        return new Geometry(1 + r.nextInt(3), channels(r), channels(r), 1, input, new int[] {s, s},
                new int[] {input[0] / s, input[1] / s}, new int[] {s, s}, new int[] {1, 1}, new int[] {0, 0});
    }

    private static double tolerance(DType dtype) {
        return dtype == DType.FLOAT32 ? 2e-5 : 1e-12;
    }

    /** Every element within {@code tolerance} of the reference, relative to the reference's largest magnitude. */
    private static void assertClose(Tensor expected, Tensor actual, double tolerance, Object what) {
        assertEquals(expected.shape(), actual.shape(), () -> what + ": shape");
        assertEquals(expected.dtype(), actual.dtype(), () -> what + ": dtype");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        double scale = 1;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(e[i] - a[i]) <= tolerance * scale)) {
                throw new AssertionError(what + ": element " + i + " of " + actual.shape() + " is " + a[i]
                        + ", the lowered path gives " + e[i]);
            }
        }
    }

    /** The three passes of both paths on random operands of geometry g. */
    private static void assertPassesMatch(Geometry g, DType dtype, long seed) {
        assertTrue(DirectConvolution.applies(g), g::toString);
        Random r = new Random(seed);
        Tensor x = random(r, dtype, g.inputShape());
        Tensor w = random(r, dtype, g.weightShape());
        Tensor b = random(r, dtype, Shape.of(g.outChannels()));
        Tensor gy = random(r, dtype, g.outputShape());
        double tol = tolerance(dtype);
        assertClose(LoweredConvolution.forward(x, w, b, g), DirectConvolution.forward(x, w, b, g), tol,
                "forward " + g + " " + dtype);
        assertClose(LoweredConvolution.forward(x, w, null, g), DirectConvolution.forward(x, w, null, g), tol,
                "forward without bias " + g + " " + dtype);
        assertClose(LoweredConvolution.backwardInput(gy, w, g), DirectConvolution.backwardInput(gy, w, g), tol,
                "input gradient " + g + " " + dtype);
        assertClose(LoweredConvolution.backwardWeight(gy, x, g), DirectConvolution.backwardWeight(gy, x, g), tol,
                "weight gradient " + g + " " + dtype);
    }

    @Property(tries = 120)
    void strideOneConvolutionsMatchTheLoweredPath(@ForAll long seed, @ForAll DType dtype) {
        assertPassesMatch(strideOne(seed), dtype, seed);
    }

    @Property(tries = 60)
    void patchConvolutionsMatchTheLoweredPath(@ForAll long seed, @ForAll DType dtype) {
        assertPassesMatch(patch(seed), dtype, seed);
    }

    /**
     * The plain U-Net's layers (3x3 SAME convolutions at 128, 64, 32 and 16 pixels, 2x2 stride-2 patches and the
     * 1x1 head) at full size, several bands per sample, on a batch of two.
     */
    @Example
    void theUNetsLayersMatchTheLoweredPathAtFullSize() {
        int[][] layers = {{1, 3, 128}, {6, 3, 128}, {3, 6, 64}, {12, 6, 64}, {6, 12, 32}, {24, 12, 32}, {12, 24, 16},
            {24, 24, 16}};
        for (int[] l : layers) {
            Geometry same = new Geometry(2, l[0], l[1], 1, new int[] {l[2], l[2]}, new int[] {3, 3},
                    new int[] {l[2], l[2]}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1});
            Geometry down = new Geometry(2, l[1], l[0], 1, new int[] {l[2], l[2]}, new int[] {2, 2},
                    new int[] {l[2] / 2, l[2] / 2}, new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0});
            for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
                assertPassesMatch(same, dtype, l[0] * 100 + l[1]);
                assertPassesMatch(down, dtype, l[0] * 100 + l[1] + 1);
            }
        }
        Geometry head = new Geometry(2, 3, 1, 1, new int[] {128, 128}, new int[] {1, 1}, new int[] {128, 128},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {0, 0});
        assertPassesMatch(head, DType.FLOAT32, 7);
    }

    @Example
    void otherGeometriesAreLeftToTheLoweredPath() {
        Geometry grouped = new Geometry(1, 4, 4, 2, new int[] {8, 8}, new int[] {3, 3}, new int[] {8, 8},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1});
        Geometry strided = new Geometry(1, 4, 4, 1, new int[] {9, 9}, new int[] {3, 3}, new int[] {4, 4},
                new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0});
        Geometry wide = new Geometry(1, 4, 4, 1, new int[] {8, 8}, new int[] {3, 3}, new int[] {10, 10},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {3, 3});
        Geometry volume = new Geometry(1, 2, 2, 1, new int[] {4, 4, 4}, new int[] {3, 3, 3}, new int[] {4, 4, 4},
                new int[] {1, 1, 1}, new int[] {1, 1, 1}, new int[] {1, 1, 1});
        for (Geometry g : List.of(grouped, strided, wide, volume)) {
            assertFalse(DirectConvolution.applies(g), g::toString);
        }
    }

    @Example
    void resultsAreBitwiseTheSameOnOneOrTwoThreads() {
        Geometry g = new Geometry(11, 6, 3, 1, new int[] {70, 64}, new int[] {3, 3}, new int[] {70, 64},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1});
        Random r = new Random(3);
        Tensor x = random(r, DType.FLOAT32, g.inputShape());
        Tensor w = random(r, DType.FLOAT32, g.weightShape());
        Tensor gy = random(r, DType.FLOAT32, g.outputShape());
        int before = Parallel.threads();
        float[][][] results = new float[2][][];
        try {
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreads(threads);
                results[threads - 1] = new float[][] {DirectConvolution.forward(x, w, null, g).toFloatArray(),
                    DirectConvolution.backwardInput(gy, w, g).toFloatArray(),
                    DirectConvolution.backwardWeight(gy, x, g).toFloatArray()};
            }
        } finally {
            Parallel.setThreads(before);
        }
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(results[0][i], results[1][i], "pass " + i + " differs between 1 and 2 threads");
        }
    }

    /**
     * Through the ops, in float64, against finite differences: a SAME 3x3 convolution followed by the transposed
     * 2x2 stride-2 up-convolution, and a 2x2 stride-2 down-convolution of an odd width.
     */
    @Example
    void gradientsThroughTheOpsMatchFiniteDifferences() {
        Random r = new Random(4);
        Tensor x = random(r, DType.FLOAT64, Shape.of(2, 3, 6, 5));
        Tensor w = random(r, DType.FLOAT64, Shape.of(6, 3, 3, 3));
        Tensor b = random(r, DType.FLOAT64, Shape.of(6));
        Tensor up = random(r, DType.FLOAT64, Shape.of(6, 2, 2, 2));
        Tensor down = random(r, DType.FLOAT64, Shape.of(4, 3, 2, 2));
        Conv2dOptions same = Conv2dOptions.defaults().padding(Padding.SAME);
        Conv2dOptions twice = Conv2dOptions.defaults().stride(2);
        GradCheck.assertGradients(in -> Convolution.convTranspose2d(Convolution.conv2d(in[0], in[1], in[2], same),
                in[3], null, twice), x, w, b, up);
        GradCheck.assertGradients(in -> Convolution.conv2d(in[0], in[1], null, twice), x, down);
    }
}

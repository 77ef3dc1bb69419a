package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unet4j.autodiff.ImageTensors.assertClose;
import static org.unet4j.autodiff.ImageTensors.tolerance;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Nearest and bilinear upsampling against direct per-pixel formulas for random sizes (odd included, shrinking
 * too) in float32 and float64; bilinear against values PyTorch prints for a 2 x 2 image in both align-corners
 * modes; backward passes by finite differences; argument checks; independence of the thread count.
 */
class UpsamplingProperties {

    private static DType dtype(boolean float64) {
        return float64 ? DType.FLOAT64 : DType.FLOAT32;
    }

    @Property(tries = 40)
    void nearestByIntegerFactorsRepeatsEachPixel(@ForAll @IntRange(min = 1, max = 9) int h,
            @ForAll @IntRange(min = 1, max = 9) int w, @ForAll @IntRange(min = 1, max = 4) int sH,
            @ForAll @IntRange(min = 1, max = 4) int sW, @ForAll boolean float64, @ForAll long seed) {
        Tensor x = ImageTensors.random(seed, dtype(float64), 2, 3, h, w);
        Tensor y = Upsampling.nearest(x, sH, sW);
        Tensor host = x.to(Device.CPU);
        double[] expected = new double[2 * 3 * h * sH * w * sW];
        int o = 0;
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < h * sH; i++) {
                    for (int j = 0; j < w * sW; j++) {
                        expected[o++] = host.get(n, c, i / sH, j / sW);
                    }
                }
            }
        }
        assertClose(new int[] {2, 3, h * sH, w * sW}, expected, y, 0, "nearest x" + sH + "x" + sW);
    }

    @Property(tries = 40)
    void nearestToSizeCopiesTheFloorOfTheScaledIndex(@ForAll @IntRange(min = 1, max = 11) int h,
            @ForAll @IntRange(min = 1, max = 11) int w, @ForAll @IntRange(min = 1, max = 17) int outH,
            @ForAll @IntRange(min = 1, max = 17) int outW, @ForAll boolean float64, @ForAll long seed) {
        Tensor x = ImageTensors.random(seed, dtype(float64), 1, 2, h, w);
        Tensor y = Upsampling.nearestToSize(x, outH, outW);
        Tensor host = x.to(Device.CPU);
        double[] expected = new double[2 * outH * outW];
        int o = 0;
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    expected[o++] = host.get(0, c, i * h / outH, j * w / outW);
                }
            }
        }
        assertClose(new int[] {1, 2, outH, outW}, expected, y, 0, "nearestToSize " + outH + "x" + outW);
    }

    /** PyTorch's linear taps along one axis: {@code {i0, i1, t}} for output {@code o} of {@code in -> out}. */
    private static double[] taps(int o, int in, int out, boolean alignCorners) {
        double src = alignCorners ? (out > 1 ? o * (in - 1.0) / (out - 1) : 0) : Math.max(0, (o + 0.5) * in / out - 0.5);
        int i0 = (int) Math.floor(src);
        int i1 = i0 < in - 1 ? i0 + 1 : i0;
        return new double[] {i0, i1, src - i0};
    }

    /** The four-tap bilinear formula, pixel by pixel. */
    private static double[] directBilinear(Tensor x, int outH, int outW, boolean alignCorners) {
        Tensor host = x.to(Device.CPU);
        int h = x.dim(2);
        int w = x.dim(3);
        double[] out = new double[x.dim(0) * x.dim(1) * outH * outW];
        int o = 0;
        for (int n = 0; n < x.dim(0); n++) {
            for (int c = 0; c < x.dim(1); c++) {
                for (int i = 0; i < outH; i++) {
                    double[] th = taps(i, h, outH, alignCorners);
                    for (int j = 0; j < outW; j++) {
                        double[] tw = taps(j, w, outW, alignCorners);
                        int h0 = (int) th[0];
                        int h1 = (int) th[1];
                        int w0 = (int) tw[0];
                        int w1 = (int) tw[1];
                        double top = (1 - tw[2]) * host.get(n, c, h0, w0) + tw[2] * host.get(n, c, h0, w1);
                        double bottom = (1 - tw[2]) * host.get(n, c, h1, w0) + tw[2] * host.get(n, c, h1, w1);
                        out[o++] = (1 - th[2]) * top + th[2] * bottom;
                    }
                }
            }
        }
        return out;
    }

    @Property(tries = 60)
    void bilinearMatchesTheFourTapFormula(@ForAll @IntRange(min = 1, max = 9) int h,
            @ForAll @IntRange(min = 1, max = 9) int w, @ForAll @IntRange(min = 1, max = 19) int outH,
            @ForAll @IntRange(min = 1, max = 19) int outW, @ForAll boolean alignCorners, @ForAll boolean float64,
            @ForAll long seed) {
        Tensor x = ImageTensors.random(seed, dtype(float64), 2, 2, h, w);
        Tensor y = Upsampling.bilinear(x, outH, outW, alignCorners);
        assertClose(new int[] {2, 2, outH, outW}, directBilinear(x, outH, outW, alignCorners), y,
                tolerance(dtype(float64)), "bilinear " + h + "x" + w + " -> " + outH + "x" + outW + " alignCorners "
                        + alignCorners);
    }

    @Example
    void bilinearDoublingWithoutAlignedCornersGivesPyTorchsValues() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        // F.interpolate(torch.tensor([[[[1., 2.], [3., 4.]]]]), scale_factor=2, mode='bilinear', align_corners=False)
        double[] pytorch = {
            1.00, 1.25, 1.75, 2.00,
            1.50, 1.75, 2.25, 2.50,
            2.50, 2.75, 3.25, 3.50,
            3.00, 3.25, 3.75, 4.00};
        assertClose(new int[] {1, 1, 4, 4}, pytorch, Upsampling.bilinear(x, 2, false), 1e-6, "align_corners=False");
    }

    @Example
    void bilinearWithAlignedCornersGivesPyTorchsValues() {
        Tensor x = Tensor.wrap(new double[] {1, 2, 3, 4}, 1, 1, 2, 2);
        // F.interpolate(..., size=(3, 3), mode='bilinear', align_corners=True)
        double[] toThree = {
            1.0, 1.5, 2.0,
            2.0, 2.5, 3.0,
            3.0, 3.5, 4.0};
        assertClose(new int[] {1, 1, 3, 3}, toThree, Upsampling.bilinear(x, 3, 3, true), 1e-15, "3x3");
        // F.interpolate(..., scale_factor=2, mode='bilinear', align_corners=True)
        double third = 1.0 / 3;
        double[] toFour = {
            1, 1 + third, 1 + 2 * third, 2,
            1 + 2 * third, 2, 2 + third, 2 + 2 * third,
            2 + third, 2 + 2 * third, 3, 3 + third,
            3, 3 + third, 3 + 2 * third, 4};
        assertClose(new int[] {1, 1, 4, 4}, toFour, Upsampling.bilinear(x, 2, true), 1e-15, "4x4");
    }

    @Property(tries = 20)
    void linearKernelAlsoInterpolatesVolumes(@ForAll @IntRange(min = 1, max = 4) int d,
            @ForAll @IntRange(min = 1, max = 7) int outD, @ForAll boolean alignCorners, @ForAll long seed) {
        Tensor x = ImageTensors.random(seed, DType.FLOAT64, 1, 2, d, d + 1, 3);
        int[] out = {outD, outD + 2, 5};
        Tensor y = x.device().backend().imaging().upsampleLinear(x, out, alignCorners);
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < out[0]; i++) {
                for (int j = 0; j < out[1]; j++) {
                    for (int l = 0; l < out[2]; l++) {
                        double[][] t = {taps(i, d, out[0], alignCorners), taps(j, d + 1, out[1], alignCorners),
                                taps(l, 3, out[2], alignCorners)};
                        double expected = 0;
                        for (int corner = 0; corner < 8; corner++) {
                            double weight = 1;
                            int[] index = new int[3];
                            for (int a = 0; a < 3; a++) {
                                boolean upper = (corner >> a & 1) == 1;
                                index[a] = (int) t[a][upper ? 1 : 0];
                                weight *= upper ? t[a][2] : 1 - t[a][2];
                            }
                            expected += weight * x.get(0, c, index[0], index[1], index[2]);
                        }
                        double actual = y.get(0, c, i, j, l);
                        if (Math.abs(expected - actual) > 1e-12) {
                            throw new AssertionError("trilinear at " + c + "," + i + "," + j + "," + l + ": " + actual
                                    + " vs " + expected);
                        }
                    }
                }
            }
        }
    }

    @Property(tries = 25)
    void nearestGradientsMatchFiniteDifferences(@ForAll @IntRange(min = 1, max = 5) int h,
            @ForAll @IntRange(min = 1, max = 5) int w, @ForAll @IntRange(min = 1, max = 3) int scale,
            @ForAll @IntRange(min = 1, max = 8) int outH, @ForAll @IntRange(min = 1, max = 8) int outW,
            @ForAll long seed) {
        Tensor x = ImageTensors.random(seed, DType.FLOAT64, 1, 2, h, w);
        GradCheck.assertGradients(in -> Upsampling.nearest(in[0], scale, scale + 1), x);
        GradCheck.assertGradients(in -> Upsampling.nearestToSize(in[0], outH, outW), x);
    }

    @Property(tries = 30)
    void bilinearGradientsMatchFiniteDifferences(@ForAll @IntRange(min = 1, max = 5) int h,
            @ForAll @IntRange(min = 1, max = 5) int w, @ForAll @IntRange(min = 1, max = 9) int outH,
            @ForAll @IntRange(min = 1, max = 9) int outW, @ForAll boolean alignCorners, @ForAll long seed) {
        Tensor x = ImageTensors.random(seed, DType.FLOAT64, 2, 1, h, w);
        GradCheck.assertGradients(in -> Upsampling.bilinear(in[0], outH, outW, alignCorners), x);
    }

    @Example
    void resultsDoNotDependOnTheThreadCount() {
        Tensor x = ImageTensors.random(21, DType.FLOAT32, 4, 16, 33, 47);
        Tensor seed = ImageTensors.random(22, DType.FLOAT32, 4, 16, 64, 90);
        float[][] one = ImageTensors.withThreads(1, () -> upsampledAndGradients(x, seed));
        float[][] two = ImageTensors.withThreads(2, () -> upsampledAndGradients(x, seed));
        for (int i = 0; i < one.length; i++) {
            assertArrayEquals(one[i], two[i], "result " + i);
        }
    }

    private static float[][] upsampledAndGradients(Tensor x, Tensor seed) {
        Tensor leaf = x.detach().requiresGrad(true);
        Tensor linear = Upsampling.bilinear(leaf, 64, 90, false);
        Tensor nearest = Upsampling.nearestToSize(leaf, 64, 90);
        linear.add(nearest).backward(seed);
        return new float[][] {linear.toFloatArray(), nearest.toFloatArray(), leaf.grad().toFloatArray()};
    }

    @Example
    void inputsThatAreNotNchwAreRejectedNamingTheLayout() {
        Tensor x = Tensor.zeros(2, 3, 4, 5, 6);
        String message = assertThrows(ShapeException.class, () -> Upsampling.bilinear(x, 8, 8, false)).getMessage();
        assertTrue(message.contains("bilinear") && message.contains("NCHW") && message.contains("[2, 3, 4, 5, 6]"),
                message);
    }

    @Example
    void nonPositiveScalesAndSizesAreRejected() {
        Tensor x = Tensor.zeros(1, 1, 4, 4);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Upsampling.nearest(x, 0)).getMessage()
                .contains("scale factors must be integers >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Upsampling.nearestToSize(x, 3, 0))
                .getMessage().contains("output sizes must be >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Upsampling.bilinear(x, 0, 2, true))
                .getMessage().contains("output sizes must be >= 1"));
    }
}

package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * conv2d and convTranspose2d against direct loops over every output (respectively every input) element, for random
 * strides, paddings (valid, same, explicit and asymmetric), dilations, groups and odd sizes in float32 and float64;
 * the three gradients by finite differences in float64 and float32 against float64; the argument checks; the size
 * helpers; and independence of the thread count.
 */
class ConvolutionProperties {

    /** One convolution problem; for the transposed op {@code cinG}/{@code coutG} are those of the transposed op. */
    record Problem(int batch, int groups, int cinG, int coutG, int h, int w, int kh, int kw, Conv2dOptions options,
            DType dtype, long seed) {
        int cin() {
            return groups * cinG;
        }

        int cout() {
            return groups * coutG;
        }

        @Override
        public String toString() {
            return "batch " + batch + ", " + cin() + " -> " + cout() + " channels, input " + h + "x" + w + ", kernel "
                    + kh + "x" + kw + ", " + options + ", " + dtype;
        }
    }

    private static Padding randomPadding(Random r) {
        switch (r.nextInt(4)) {
            case 0:
                return Padding.VALID;
            case 1:
                return Padding.SAME;
            case 2:
                return Padding.of(r.nextInt(3));
            default:
                return Padding.of(r.nextInt(4), r.nextInt(4), r.nextInt(4), r.nextInt(4));
        }
    }

    private static Conv2dOptions randomOptions(Random r, int groups) {
        return Conv2dOptions.defaults().stride(1 + r.nextInt(3), 1 + r.nextInt(3))
                .dilation(1 + r.nextInt(2), 1 + r.nextInt(3)).groups(groups).padding(randomPadding(r));
    }

    /** A convolution whose kernel fits the padded input at least once. */
    static Problem convolution(long seed, DType dtype, int maxExtent) {
        Random r = new Random(seed);
        while (true) {
            int groups = 1 + r.nextInt(3);
            Conv2dOptions o = randomOptions(r, groups);
            Problem p = new Problem(1 + r.nextInt(2), groups, 1 + r.nextInt(3), 1 + r.nextInt(3),
                    1 + r.nextInt(maxExtent), 1 + r.nextInt(maxExtent), 1 + r.nextInt(4), 1 + r.nextInt(4), o, dtype,
                    r.nextLong());
            try {
                o.outputSize(p.h(), p.w(), p.kh(), p.kw());
                return p;
            } catch (ShapeException tooSmall) {
                // draw again: this kernel does not fit this input
            }
        }
    }

    /** A transposed convolution with a non-empty output and an output padding below the stride or dilation. */
    static Problem transposed(long seed, DType dtype, int maxExtent) {
        Random r = new Random(seed);
        while (true) {
            int groups = 1 + r.nextInt(3);
            Conv2dOptions o = randomOptions(r, groups);
            if (o.padding().mode() != Padding.Mode.SAME) {
                int[] s = o.stride();
                int[] d = o.dilation();
                o = o.outputPadding(r.nextInt(Math.max(s[0], d[0])), r.nextInt(Math.max(s[1], d[1])));
            }
            Problem p = new Problem(1 + r.nextInt(2), groups, 1 + r.nextInt(3), 1 + r.nextInt(3),
                    1 + r.nextInt(maxExtent), 1 + r.nextInt(maxExtent), 1 + r.nextInt(4), 1 + r.nextInt(4), o, dtype,
                    r.nextLong());
            try {
                o.transposedOutputSize(p.h(), p.w(), p.kh(), p.kw());
                return p;
            } catch (ShapeException emptyOutput) {
                // draw again: this padding swallows the whole output
            }
        }
    }

    private static Tensor random(Random r, DType dtype, int... dims) {
        Tensor t = TensorArbitraries.onHost(() -> Tensor.zeros(dtype, dims));
        for (int i = 0; i < t.size(); i++) {
            t.flatSet(i, 2 * r.nextDouble() - 1);
        }
        return TensorArbitraries.placed(t);
    }

    /** Input, weight and bias of a problem, in the layouts of conv2d or convTranspose2d. */
    private static Tensor[] operands(Problem p, boolean transposed) {
        Random r = new Random(p.seed());
        Tensor x = random(r, p.dtype(), p.batch(), p.cin(), p.h(), p.w());
        Tensor w = transposed ? random(r, p.dtype(), p.cin(), p.coutG(), p.kh(), p.kw())
                : random(r, p.dtype(), p.cout(), p.cinG(), p.kh(), p.kw());
        Tensor b = random(r, p.dtype(), p.cout());
        return new Tensor[] {x, w, b};
    }

    // ---------------------------------------------------------------- direct loops

    /**
     * {@code y[n, o, oy, ox] = b[o] + sum_{c', ky, kx} w[o, c', ky, kx] x[n, g cinG + c', oy sH + ky dH - top,
     * ox sW + kx dW - left]}, zero outside the input, with g = o / coutG.
     */
    static double[] directConv2d(Problem p, Tensor input, Tensor weight, Tensor bias) {
        Tensor x = input.to(Device.CPU);
        Tensor w = weight.to(Device.CPU);
        Tensor b = bias == null ? null : bias.to(Device.CPU);
        Conv2dOptions o = p.options();
        int[] s = o.stride();
        int[] d = o.dilation();
        int[] pad = o.resolvePadding(p.h(), p.w(), p.kh(), p.kw());
        int[] out = o.outputSize(p.h(), p.w(), p.kh(), p.kw());
        double[] y = new double[p.batch() * p.cout() * out[0] * out[1]];
        int at = 0;
        for (int n = 0; n < p.batch(); n++) {
            for (int oc = 0; oc < p.cout(); oc++) {
                int group = oc / p.coutG();
                for (int oy = 0; oy < out[0]; oy++) {
                    for (int ox = 0; ox < out[1]; ox++) {
                        double sum = b == null ? 0 : b.get(oc);
                        for (int c = 0; c < p.cinG(); c++) {
                            for (int ky = 0; ky < p.kh(); ky++) {
                                for (int kx = 0; kx < p.kw(); kx++) {
                                    int iy = oy * s[0] + ky * d[0] - pad[0];
                                    int ix = ox * s[1] + kx * d[1] - pad[2];
                                    if (iy >= 0 && iy < p.h() && ix >= 0 && ix < p.w()) {
                                        sum += w.get(oc, c, ky, kx) * x.get(n, group * p.cinG() + c, iy, ix);
                                    }
                                }
                            }
                        }
                        y[at++] = sum;
                    }
                }
            }
        }
        return y;
    }

    /**
     * Every input element scatters into the output: {@code y[n, g coutG + o', iy sH + ky dH - top,
     * ix sW + kx dW - left] += x[n, c, iy, ix] w[c, o', ky, kx]} where it lands inside, g = c / cinG; plus b.
     */
    static double[] directConvTranspose2d(Problem p, Tensor input, Tensor weight, Tensor bias) {
        Tensor x = input.to(Device.CPU);
        Tensor w = weight.to(Device.CPU);
        Tensor b = bias == null ? null : bias.to(Device.CPU);
        Conv2dOptions o = p.options();
        int[] s = o.stride();
        int[] d = o.dilation();
        int[] pad = o.resolveTransposedPadding(p.h(), p.w(), p.kh(), p.kw());
        int[] out = o.transposedOutputSize(p.h(), p.w(), p.kh(), p.kw());
        double[] y = new double[p.batch() * p.cout() * out[0] * out[1]];
        for (int n = 0; n < p.batch(); n++) {
            for (int oc = 0; oc < p.cout(); oc++) {
                for (int i = 0; i < out[0] * out[1]; i++) {
                    y[(n * p.cout() + oc) * out[0] * out[1] + i] = b == null ? 0 : b.get(oc);
                }
            }
            for (int c = 0; c < p.cin(); c++) {
                int group = c / p.cinG();
                for (int iy = 0; iy < p.h(); iy++) {
                    for (int ix = 0; ix < p.w(); ix++) {
                        double v = x.get(n, c, iy, ix);
                        for (int oc = 0; oc < p.coutG(); oc++) {
                            for (int ky = 0; ky < p.kh(); ky++) {
                                for (int kx = 0; kx < p.kw(); kx++) {
                                    int oy = iy * s[0] + ky * d[0] - pad[0];
                                    int ox = ix * s[1] + kx * d[1] - pad[2];
                                    if (oy >= 0 && oy < out[0] && ox >= 0 && ox < out[1]) {
                                        int channel = group * p.coutG() + oc;
                                        y[((n * p.cout() + channel) * out[0] + oy) * out[1] + ox] +=
                                                v * w.get(c, oc, ky, kx);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    private static void assertMatches(double[] expected, Tensor actual, double atol, Object what) {
        assertEquals(expected.length, actual.size(), () -> what + ": element count");
        double[] values = actual.toDoubleArray();
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - values[i]);
            if (!(err <= atol * (1 + Math.abs(expected[i])))) {
                throw new AssertionError(what + ": element " + i + " of " + actual.shape() + " is " + values[i]
                        + ", the direct loop gives " + expected[i]);
            }
        }
    }

    private static double tolerance(DType dtype) {
        return dtype == DType.FLOAT32 ? 2e-5 : 1e-12;
    }

    // ---------------------------------------------------------------- forward against the loops

    @Property(tries = 60)
    void conv2dMatchesTheDirectLoop(@ForAll long seed, @ForAll DType dtype) {
        Problem p = convolution(seed, dtype, 9);
        Tensor[] in = operands(p, false);
        Tensor y = Convolution.conv2d(in[0], in[1], in[2], p.options());
        int[] out = p.options().outputSize(p.h(), p.w(), p.kh(), p.kw());
        assertEquals(Shape.of(p.batch(), p.cout(), out[0], out[1]), y.shape(), p::toString);
        assertEquals(dtype, y.dtype());
        assertMatches(directConv2d(p, in[0], in[1], in[2]), y, tolerance(dtype), p);
    }

    @Property(tries = 60)
    void convTranspose2dMatchesTheDirectLoop(@ForAll long seed, @ForAll DType dtype) {
        Problem p = transposed(seed, dtype, 7);
        Tensor[] in = operands(p, true);
        Tensor y = Convolution.convTranspose2d(in[0], in[1], in[2], p.options());
        int[] out = p.options().transposedOutputSize(p.h(), p.w(), p.kh(), p.kw());
        assertEquals(Shape.of(p.batch(), p.cout(), out[0], out[1]), y.shape(), p::toString);
        assertMatches(directConvTranspose2d(p, in[0], in[1], in[2]), y, tolerance(dtype), p);
    }

    @Example
    void largeImagesSplitIntoSeveralLoweringStepsStillMatchTheDirectLoop() {
        for (Conv2dOptions o : new Conv2dOptions[] {Conv2dOptions.defaults().padding(1),
                Conv2dOptions.defaults().stride(2, 1).dilation(2, 3).padding(3, 0, 1, 2).groups(2),
                Conv2dOptions.defaults()}) {
            for (int k : new int[] {3, 1}) {
                Problem p = new Problem(2, o.groups(), 3, 2, 37, 45, k, k, o, DType.FLOAT32, 11);
                Tensor[] in = operands(p, false);
                assertMatches(directConv2d(p, in[0], in[1], in[2]),
                        Convolution.conv2d(in[0], in[1], in[2], o), 2e-5, p);
                Problem t = new Problem(2, o.groups(), 2, 3, 23, 41, k, k, o, DType.FLOAT64, 12);
                Tensor[] tin = operands(t, true);
                assertMatches(directConvTranspose2d(t, tin[0], tin[1], tin[2]),
                        Convolution.convTranspose2d(tin[0], tin[1], tin[2], o), 1e-12, t);
            }
        }
    }

    @Example
    void sameWithStrideOneKeepsTheSizeAndPutsTheOddPixelOfPaddingAfter() {
        Conv2dOptions o = Conv2dOptions.defaults().padding(Padding.SAME);
        assertArrayEquals(new int[] {13, 8}, o.outputSize(13, 8, 3, 4));
        assertArrayEquals(new int[] {1, 1, 1, 2}, o.resolvePadding(13, 8, 3, 4));
        assertArrayEquals(new int[] {2, 2, 3, 3}, o.dilation(2, 2).resolvePadding(13, 8, 3, 4));
    }

    @Example
    void sameWithStrideTwoGivesCeilOfHalfTheSizeAsTensorFlowDoes() {
        Conv2dOptions o = Conv2dOptions.defaults().padding(Padding.SAME).stride(2);
        assertArrayEquals(new int[] {7, 4}, o.outputSize(13, 8, 3, 3));
        assertArrayEquals(new int[] {1, 1, 0, 1}, o.resolvePadding(13, 8, 3, 3));
        assertArrayEquals(new int[] {26, 16}, o.transposedOutputSize(13, 8, 3, 3));
        assertArrayEquals(new int[] {26, 16}, o.transposedOutputSize(13, 8, 2, 2));
    }

    @Example
    void transposedOutputSizeFollowsPyTorchsFormula() {
        Conv2dOptions o = Conv2dOptions.defaults().stride(2).padding(1).outputPadding(1);
        assertArrayEquals(new int[] {(5 - 1) * 2 - 2 + 3 + 1, (8 - 1) * 2 - 2 + 3 + 1},
                o.transposedOutputSize(5, 8, 3, 3));
        assertArrayEquals(new int[] {10, 16}, Conv2dOptions.defaults().stride(2).transposedOutputSize(5, 8, 2, 2));
    }

    /**
     * With the padding conv2d resolved, convTranspose2d of the same weight maps conv2d's output size back to its
     * input size once the rows and columns the strided conv2d skipped ({@code (h + pads - span) mod stride}) are
     * restored as output padding; it is then the adjoint: {@code <conv(x), v> = <x, convT(v)>}.
     */
    @Property(tries = 30)
    void convTranspose2dIsTheAdjointOfConv2dWithTheSameOptions(@ForAll long seed) {
        Problem p = convolution(seed, DType.FLOAT64, 9);
        Tensor[] in = operands(p, false);
        Tensor y = Convolution.conv2d(in[0], in[1], null, p.options());
        Tensor v = random(new Random(seed + 1), DType.FLOAT64, y.dims());
        int[] pad = p.options().resolvePadding(p.h(), p.w(), p.kh(), p.kw());
        int[] s = p.options().stride();
        int[] d = p.options().dilation();
        int skippedH = (p.h() + pad[0] + pad[1] - d[0] * (p.kh() - 1) - 1) % s[0];
        int skippedW = (p.w() + pad[2] + pad[3] - d[1] * (p.kw() - 1) - 1) % s[1];
        Conv2dOptions adjoint = p.options().padding(Padding.of(pad[0], pad[1], pad[2], pad[3]))
                .outputPadding(skippedH, skippedW);
        Tensor u = Convolution.convTranspose2d(v, in[1], null, adjoint);
        assertEquals(in[0].shape(), u.shape(), p::toString);
        double lhs = y.mul(v).sum().item();
        double rhs = in[0].mul(u).sum().item();
        assertEquals(lhs, rhs, 1e-10 * (1 + Math.abs(lhs)), () -> "<conv(x), v> = <x, convT(v)> for " + p);
    }

    // ---------------------------------------------------------------- gradients

    @Property(tries = 20)
    void conv2dGradientsOfInputWeightAndBiasMatchFiniteDifferences(@ForAll long seed) {
        Problem p = convolution(seed, DType.FLOAT64, 6);
        Tensor[] in = operands(p, false);
        GradCheck.assertGradients(t -> Convolution.conv2d(t[0], t[1], t[2], p.options()), in[0], in[1], in[2]);
    }

    @Property(tries = 20)
    void convTranspose2dGradientsOfInputWeightAndBiasMatchFiniteDifferences(@ForAll long seed) {
        Problem p = transposed(seed, DType.FLOAT64, 5);
        Tensor[] in = operands(p, true);
        GradCheck.assertGradients(t -> Convolution.convTranspose2d(t[0], t[1], t[2], p.options()), in[0], in[1],
                in[2]);
    }

    @Property(tries = 20)
    void float32GradientsAgreeWithFloat64Gradients(@ForAll long seed, @ForAll boolean transposedOp) {
        Problem p = transposedOp ? transposed(seed, DType.FLOAT32, 9) : convolution(seed, DType.FLOAT32, 12);
        Tensor[] single = operands(p, transposedOp);
        Tensor[] wide = new Tensor[3];
        for (int i = 0; i < 3; i++) {
            single[i].requiresGrad(true);
            wide[i] = single[i].detach().to(Device.CPU).toFloat64().requiresGrad(true);
        }
        for (Tensor[] t : new Tensor[][] {single, wide}) {
            Tensor y = transposedOp ? Convolution.convTranspose2d(t[0], t[1], t[2], p.options())
                    : Convolution.conv2d(t[0], t[1], t[2], p.options());
            y.backward(y.detach().mul(0.5).add(1));
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(DType.FLOAT32, single[i].grad().dtype());
            double[] expected = wide[i].grad().toDoubleArray();
            double scale = Arrays.stream(expected).map(Math::abs).max().orElse(0) + 1;
            assertMatches(expected, single[i].grad(), 1e-5 * scale, "gradient " + i + " of " + p);
        }
    }

    /**
     * For {@code L = sum(v * conv2d(x, w, b))}: {@code dL/dx[n, c, i] = sum over (o, kappa, q) with
     * i(q, kappa) = i of w[o, c', kappa] v[n, o, q]}, {@code dL/dw[o, c', kappa] = sum_{n, q} v[n, o, q]
     * x[n, c, i(q, kappa)]} and {@code dL/db[o] = sum_{n, q} v[n, o, q]}, all accumulated by direct loops.
     */
    private static double[][] directConv2dGradients(Problem p, Tensor x, Tensor w, Tensor v) {
        Conv2dOptions o = p.options();
        int[] s = o.stride();
        int[] d = o.dilation();
        int[] pad = o.resolvePadding(p.h(), p.w(), p.kh(), p.kw());
        int[] out = o.outputSize(p.h(), p.w(), p.kh(), p.kw());
        double[] dx = new double[x.size()];
        double[] dw = new double[w.size()];
        double[] db = new double[p.cout()];
        for (int n = 0; n < p.batch(); n++) {
            for (int oc = 0; oc < p.cout(); oc++) {
                int group = oc / p.coutG();
                for (int oy = 0; oy < out[0]; oy++) {
                    for (int ox = 0; ox < out[1]; ox++) {
                        double g = v.get(n, oc, oy, ox);
                        db[oc] += g;
                        for (int c = 0; c < p.cinG(); c++) {
                            for (int ky = 0; ky < p.kh(); ky++) {
                                for (int kx = 0; kx < p.kw(); kx++) {
                                    int iy = oy * s[0] + ky * d[0] - pad[0];
                                    int ix = ox * s[1] + kx * d[1] - pad[2];
                                    if (iy >= 0 && iy < p.h() && ix >= 0 && ix < p.w()) {
                                        int channel = group * p.cinG() + c;
                                        dx[((n * p.cin() + channel) * p.h() + iy) * p.w() + ix] +=
                                                w.get(oc, c, ky, kx) * g;
                                        dw[((oc * p.cinG() + c) * p.kh() + ky) * p.kw() + kx] +=
                                                x.get(n, channel, iy, ix) * g;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {dx, dw, db};
    }

    @Example
    void gradientsOverABatchOfElevenAndImagesOfSeveralLoweringStepsMatchTheDirectLoops() {
        for (Conv2dOptions o : new Conv2dOptions[] {Conv2dOptions.defaults().padding(1),
                Conv2dOptions.defaults().stride(2, 1).dilation(1, 2).padding(2, 0, 1, 1).groups(2),
                Conv2dOptions.defaults()}) {
            for (int k : new int[] {3, 1}) {
                Problem p = new Problem(11, o.groups(), 2, 3, 27, 35, k, k, o, DType.FLOAT64, 21);
                Tensor[] in = operands(p, false);
                for (Tensor t : in) {
                    t.requiresGrad(true);
                }
                Tensor y = Convolution.conv2d(in[0], in[1], in[2], o);
                Tensor v = random(new Random(22), DType.FLOAT64, y.dims());
                y.backward(v);
                double[][] expected = directConv2dGradients(p, in[0], in[1], v);
                for (int i = 0; i < 3; i++) {
                    assertMatches(expected[i], in[i].grad(), 1e-12, "gradient " + i + " of " + p);
                }
            }
        }
    }

    @Example
    void depthwiseConvolutionsAndTheirGradientsMatchTheDirectLoops() {
        for (Conv2dOptions o : new Conv2dOptions[] {Conv2dOptions.defaults().padding(1).groups(5),
                Conv2dOptions.defaults().stride(2, 1).dilation(1, 2).padding(2, 0, 1, 1).groups(5),
                Conv2dOptions.defaults().stride(3, 2).groups(5)}) {
            for (int k : new int[] {3, 1}) {
                Problem p = new Problem(3, 5, 1, 1, 19, 23, k, k, o, DType.FLOAT64, 23);
                Tensor[] in = operands(p, false);
                for (Tensor t : in) {
                    t.requiresGrad(true);
                }
                Tensor y = Convolution.conv2d(in[0], in[1], in[2], o);
                assertMatches(directConv2d(p, in[0], in[1], in[2]), y, 1e-12, p);
                Tensor v = random(new Random(24), DType.FLOAT64, y.dims());
                y.backward(v);
                double[][] expected = directConv2dGradients(p, in[0], in[1], v);
                for (int i = 0; i < 3; i++) {
                    assertMatches(expected[i], in[i].grad(), 1e-12, "gradient " + i + " of " + p);
                }
                Problem f = new Problem(2, 5, 1, 1, 19, 23, k, k, o, DType.FLOAT32, 25);
                Tensor[] fin = operands(f, false);
                assertMatches(directConv2d(f, fin[0], fin[1], fin[2]),
                        Convolution.conv2d(fin[0], fin[1], fin[2], o), 2e-5, f);
                Problem t = new Problem(2, 5, 1, 1, 13, 17, k, k, o, DType.FLOAT64, 26);
                Tensor[] tin = operands(t, true);
                assertMatches(directConvTranspose2d(t, tin[0], tin[1], tin[2]),
                        Convolution.convTranspose2d(tin[0], tin[1], tin[2], o), 1e-12, t);
            }
        }
    }

    @Example
    void onlyTheGradientsThatAreRequiredAreComputed() {
        Tensor x = Tensor.randn(new java.util.SplittableRandom(1), 2, 4, 6, 6);
        Tensor w = Tensor.randn(new java.util.SplittableRandom(2), 3, 4, 3, 3).requiresGrad(true);
        Tensor b = Tensor.zeros(3);
        Convolution.conv2d(x, w, b, Conv2dOptions.defaults().padding(1)).sum().backward();
        assertNotNull(w.grad());
        assertNull(x.grad());
        assertNull(b.grad());
    }

    @Example
    void resultsAreBitwiseTheSameOnOneOrTwoThreads() {
        Random r = new Random(5);
        assertSameOnOneOrTwoThreads(random(r, DType.FLOAT32, 5, 6, 33, 29), random(r, DType.FLOAT32, 8, 3, 3, 3),
                random(r, DType.FLOAT32, 8), Conv2dOptions.defaults().padding(1).groups(2));
    }

    @Example
    void depthwiseResultsAreBitwiseTheSameOnOneOrTwoThreads() {
        Random r = new Random(6);
        assertSameOnOneOrTwoThreads(random(r, DType.FLOAT32, 3, 12, 33, 29), random(r, DType.FLOAT32, 12, 1, 3, 3),
                random(r, DType.FLOAT32, 12), Conv2dOptions.defaults().padding(1).groups(12));
    }

    private static void assertSameOnOneOrTwoThreads(Tensor x, Tensor w, Tensor b, Conv2dOptions o) {
        int before = Parallel.threads();
        float[][][] results = new float[2][][];
        try {
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreads(threads);
                Tensor xi = x.detach().requiresGrad(true);
                Tensor wi = w.detach().requiresGrad(true);
                Tensor bi = b.detach().requiresGrad(true);
                Tensor y = Convolution.conv2d(xi, wi, bi, o);
                Tensor u = Convolution.convTranspose2d(y, wi, null, o);
                u.backward(u.detach());
                results[threads - 1] = new float[][] {y.toFloatArray(), u.toFloatArray(), xi.grad().toFloatArray(),
                        wi.grad().toFloatArray(), bi.grad().toFloatArray()};
            }
        } finally {
            Parallel.setThreads(before);
        }
        for (int i = 0; i < results[0].length; i++) {
            assertArrayEquals(results[0][i], results[1][i], "result " + i + " differs between 1 and 2 threads");
        }
    }

    /**
     * The kernels take one entry per spatial axis, so volumes need no new kernel: on a 3-D geometry the forward
     * pass matches the direct loop, and the input and weight gradients are its adjoints,
     * {@code <conv(x, w), v> = <x, backwardInput(v, w)> = <w, backwardWeight(v, x)>}.
     */
    @Example
    void theKernelsConvolveVolumesAsWellAsImages() {
        ConvolutionKernels.Geometry g = new ConvolutionKernels.Geometry(2, 4, 6, 2, new int[] {5, 7, 6},
                new int[] {2, 3, 3}, new int[] {3, 4, 6}, new int[] {2, 2, 1}, new int[] {1, 2, 1},
                new int[] {1, 1, 1});
        Random r = new Random(9);
        Tensor x = random(r, DType.FLOAT64, g.inputShape().dims());
        Tensor w = random(r, DType.FLOAT64, g.weightShape().dims());
        Tensor v = random(r, DType.FLOAT64, g.outputShape().dims());
        ConvolutionKernels kernels = Device.CPU.backend().convolution();
        Tensor y = kernels.forward(x, w, null, g);
        int cinG = g.inChannelsPerGroup();
        int coutG = g.outChannelsPerGroup();
        double[] expected = new double[y.size()];
        int at = 0;
        for (int n = 0; n < 2; n++) {
            for (int o = 0; o < 6; o++) {
                for (int qz = 0; qz < 3; qz++) {
                    for (int qy = 0; qy < 4; qy++) {
                        for (int qx = 0; qx < 6; qx++) {
                            double sum = 0;
                            for (int c = 0; c < cinG; c++) {
                                for (int kz = 0; kz < 2; kz++) {
                                    for (int ky = 0; ky < 3; ky++) {
                                        for (int kx = 0; kx < 3; kx++) {
                                            int iz = qz * 2 + kz - 1;
                                            int iy = qy * 2 + ky * 2 - 1;
                                            int ix = qx + kx - 1;
                                            if (iz >= 0 && iz < 5 && iy >= 0 && iy < 7 && ix >= 0 && ix < 6) {
                                                sum += w.get(o, c, kz, ky, kx)
                                                        * x.get(n, (o / coutG) * cinG + c, iz, iy, ix);
                                            }
                                        }
                                    }
                                }
                            }
                            expected[at++] = sum;
                        }
                    }
                }
            }
        }
        assertMatches(expected, y, 1e-12, g);
        double yv = y.mul(v).sum().item();
        assertEquals(yv, x.mul(kernels.backwardInput(v, w, g)).sum().item(), 1e-10 * (1 + Math.abs(yv)));
        assertEquals(yv, w.mul(kernels.backwardWeight(v, x, g)).sum().item(), 1e-10 * (1 + Math.abs(yv)));
    }

    // ---------------------------------------------------------------- argument checks

    private static void assertRejected(Class<? extends Exception> type, Runnable op, String... fragments) {
        Exception e = assertThrows(type, op::run);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    @Example
    void badArgumentsFailBeforeAnyWorkNamingTheOpTheShapesAndTheRule() {
        Tensor x = Tensor.zeros(2, 6, 8, 8);
        Conv2dOptions o = Conv2dOptions.defaults();
        assertRejected(ShapeException.class, () -> Convolution.conv2d(x, Tensor.zeros(4, 5, 3, 3), null, o),
                "conv2d", "[2, 6, 8, 8]", "[4, 5, 3, 3]", "6 channels", "expects 5");
        assertRejected(ShapeException.class,
                () -> Convolution.conv2d(x, Tensor.zeros(5, 2, 3, 3), null, o.groups(3)), "groups 3",
                "must divide the output channels 5");
        assertRejected(ShapeException.class,
                () -> Convolution.conv2d(x, Tensor.zeros(4, 6, 5, 5), null, o.dilation(2)), "conv2d",
                "kernel spans 9", "padded input has only 8");
        assertRejected(ShapeException.class, () -> Convolution.conv2d(x, Tensor.zeros(4, 6, 3, 3),
                Tensor.zeros(3), o), "bias", "[4]", "[3]");
        assertRejected(ShapeException.class, () -> Convolution.conv2d(Tensor.zeros(6, 8, 8),
                Tensor.zeros(4, 6, 3, 3), null, o), "conv2d", "4-D");
        assertRejected(ShapeException.class, () -> Convolution.conv2d(x, Tensor.zeros(4, 6, 3), null, o),
                "conv2d", "weight must be 4-D");
        assertRejected(IllegalArgumentException.class, () -> Convolution.conv2d(x, Tensor.zeros(4, 6, 3, 3), null,
                o.stride(2).outputPadding(1)), "conv2d", "output padding applies to convTranspose2d only");
        assertRejected(ShapeException.class, () -> Convolution.convTranspose2d(x, Tensor.zeros(4, 2, 3, 3), null,
                o), "convTranspose2d", "6 channels", "expects 4", "[Cin, Cout/groups, kH, kW]");
        assertRejected(ShapeException.class, () -> Convolution.convTranspose2d(x, Tensor.zeros(6, 2, 3, 3), null,
                o.groups(4)), "groups 4", "must divide the input channels 6");
        assertRejected(IllegalArgumentException.class, () -> Convolution.convTranspose2d(x,
                Tensor.zeros(6, 2, 3, 3), null, o.stride(2).outputPadding(2)), "output padding 2",
                "smaller than the stride 2");
        assertRejected(ShapeException.class, () -> Convolution.convTranspose2d(Tensor.zeros(1, 6, 1, 1),
                Tensor.zeros(6, 2, 1, 1), null, o.padding(1)), "convTranspose2d", "output would have -1");
        assertRejected(IllegalArgumentException.class, () -> Convolution.conv2d(x, Tensor.zeros(4, 6, 3, 3), null,
                null), "conv2d", "Conv2dOptions.defaults()");
    }

    @Example
    void optionsRejectNonPositiveStridesDilationsAndGroupsAndNegativePadding() {
        assertRejected(IllegalArgumentException.class, () -> Conv2dOptions.defaults().stride(0), "stride",
                ">= 1", "0");
        assertRejected(IllegalArgumentException.class, () -> Conv2dOptions.defaults().dilation(1, -1), "dilation");
        assertRejected(IllegalArgumentException.class, () -> Conv2dOptions.defaults().groups(0), "groups");
        assertRejected(IllegalArgumentException.class, () -> Conv2dOptions.defaults().padding(1, -2), "Padding",
                ">= 0");
        assertRejected(IllegalArgumentException.class, () -> Conv2dOptions.defaults().outputPadding(-1),
                "outputPadding");
        assertRejected(IllegalArgumentException.class,
                () -> Conv2dOptions.defaults().padding(Padding.explicit(1, 1, 0, 0, 2, 2)), "3 spatial axes",
                "needs 2");
    }

    @Example
    void optionsAreImmutableValuesThatPrintTheirSettings() {
        Conv2dOptions base = Conv2dOptions.defaults();
        Conv2dOptions o = base.stride(2).padding(Padding.SAME).dilation(2).groups(4);
        assertArrayEquals(new int[] {1, 1}, base.stride());
        assertEquals(Padding.VALID, base.padding());
        assertEquals(o, Conv2dOptions.defaults().groups(4).dilation(2, 2).padding(Padding.SAME).stride(2, 2));
        assertEquals("Conv2dOptions(stride=[2, 2], padding=SAME, dilation=[2, 2], groups=4, outputPadding=[0, 0])",
                o.toString());
        assertEquals("Padding(top=1, bottom=2, left=3, right=4)", Padding.of(1, 2, 3, 4).toString());
        assertEquals(Padding.of(1, 1, 2, 2), Padding.of(1, 2));
    }
}

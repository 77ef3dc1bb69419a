package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * conv3d and convTranspose3d against direct loops over every output (respectively every input) element, for random
 * anisotropic kernels, strides, paddings (valid, same, explicit and asymmetric), dilations, groups and odd sizes in
 * float32 and float64; the three gradients by finite differences; adjointness; the argument checks; and
 * independence of the thread count.
 */
class Convolution3dProperties {

    /** One problem; for the transposed op {@code cinG}/{@code coutG} are those of the transposed op. */
    record Problem(int batch, int groups, int cinG, int coutG, int[] in, int[] k, Conv3dOptions options, DType dtype,
            long seed) {
        int cin() {
            return groups * cinG;
        }

        int cout() {
            return groups * coutG;
        }

        @Override
        public String toString() {
            return "batch " + batch + ", " + cin() + " -> " + cout() + " channels, input "
                    + java.util.Arrays.toString(in) + ", kernel " + java.util.Arrays.toString(k) + ", " + options
                    + ", " + dtype;
        }
    }

    private static Padding randomPadding(Random r) {
        switch (r.nextInt(4)) {
            case 0:
                return Padding.VALID;
            case 1:
                return Padding.SAME;
            case 2:
                return Padding.explicit(1, 1, 0, 0, 2, 2);
            default:
                return Padding.explicit(r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(3),
                        r.nextInt(3));
        }
    }

    private static Conv3dOptions randomOptions(Random r, int groups) {
        return Conv3dOptions.defaults().stride(1 + r.nextInt(2), 1 + r.nextInt(3), 1 + r.nextInt(3))
                .dilation(1 + r.nextInt(2), 1, 1 + r.nextInt(2)).groups(groups).padding(randomPadding(r));
    }

    private static int[] extents(Random r, int max) {
        return new int[] {1 + r.nextInt(max), 1 + r.nextInt(max), 1 + r.nextInt(max)};
    }

    /** A convolution whose kernel fits the padded input at least once. */
    static Problem convolution(long seed, DType dtype, int maxExtent) {
        Random r = new Random(seed);
        while (true) {
            int groups = 1 + r.nextInt(2);
            Conv3dOptions o = randomOptions(r, groups);
            Problem p = new Problem(1 + r.nextInt(2), groups, 1 + r.nextInt(2), 1 + r.nextInt(3),
                    extents(r, maxExtent), extents(r, 3), o, dtype, r.nextLong());
            try {
                o.outputSize(p.in(), p.k());
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
            int groups = 1 + r.nextInt(2);
            Conv3dOptions o = randomOptions(r, groups);
            if (o.padding().mode() != Padding.Mode.SAME) {
                int[] s = o.stride();
                int[] d = o.dilation();
                o = o.outputPadding(r.nextInt(Math.max(s[0], d[0])), r.nextInt(Math.max(s[1], d[1])),
                        r.nextInt(Math.max(s[2], d[2])));
            }
            Problem p = new Problem(1 + r.nextInt(2), groups, 1 + r.nextInt(2), 1 + r.nextInt(3),
                    extents(r, maxExtent), extents(r, 3), o, dtype, r.nextLong());
            try {
                o.transposedOutputSize(p.in(), p.k());
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

    /** Input, weight and bias of a problem, in the layouts of conv3d or convTranspose3d. */
    private static Tensor[] operands(Problem p, boolean transposed) {
        Random r = new Random(p.seed());
        int[] in = p.in();
        int[] k = p.k();
        Tensor x = random(r, p.dtype(), p.batch(), p.cin(), in[0], in[1], in[2]);
        Tensor w = transposed ? random(r, p.dtype(), p.cin(), p.coutG(), k[0], k[1], k[2])
                : random(r, p.dtype(), p.cout(), p.cinG(), k[0], k[1], k[2]);
        Tensor b = random(r, p.dtype(), p.cout());
        return new Tensor[] {x, w, b};
    }

    // ---------------------------------------------------------------- direct loops

    /**
     * {@code y[n, o, q] = b[o] + sum_{c', kappa} w[o, c', kappa] x[n, g cinG + c', q s + kappa d - padBefore]}, zero
     * outside the input, with g = o / coutG; q and kappa run over the three axes.
     */
    static double[] directConv3d(Problem p, Tensor input, Tensor weight, Tensor bias) {
        double[] x = input.toDoubleArray();
        double[] w = weight.toDoubleArray();
        double[] b = bias == null ? null : bias.toDoubleArray();
        Conv3dOptions o = p.options();
        int[] s = o.stride();
        int[] d = o.dilation();
        int[] in = p.in();
        int[] k = p.k();
        int[] pad = o.resolvePadding(in, k);
        int[] out = o.outputSize(in, k);
        double[] y = new double[p.batch() * p.cout() * out[0] * out[1] * out[2]];
        int at = 0;
        for (int n = 0; n < p.batch(); n++) {
            for (int oc = 0; oc < p.cout(); oc++) {
                int group = oc / p.coutG();
                for (int od = 0; od < out[0]; od++) {
                    for (int oy = 0; oy < out[1]; oy++) {
                        for (int ox = 0; ox < out[2]; ox++) {
                            double sum = b == null ? 0 : b[oc];
                            for (int c = 0; c < p.cinG(); c++) {
                                for (int kd = 0; kd < k[0]; kd++) {
                                    for (int ky = 0; ky < k[1]; ky++) {
                                        for (int kx = 0; kx < k[2]; kx++) {
                                            int id = od * s[0] + kd * d[0] - pad[0];
                                            int iy = oy * s[1] + ky * d[1] - pad[2];
                                            int ix = ox * s[2] + kx * d[2] - pad[4];
                                            if (id >= 0 && id < in[0] && iy >= 0 && iy < in[1] && ix >= 0
                                                    && ix < in[2]) {
                                                int ci = group * p.cinG() + c;
                                                sum += w[(((oc * p.cinG() + c) * k[0] + kd) * k[1] + ky) * k[2] + kx]
                                                        * x[(((n * p.cin() + ci) * in[0] + id) * in[1] + iy) * in[2]
                                                                + ix];
                                            }
                                        }
                                    }
                                }
                            }
                            y[at++] = sum;
                        }
                    }
                }
            }
        }
        return y;
    }

    /**
     * Every input element scatters into the output: {@code y[n, g coutG + o', i s + kappa d - padBefore] +=
     * x[n, c, i] w[c, o', kappa]} where it lands inside, g = c / cinG; plus b.
     */
    static double[] directConvTranspose3d(Problem p, Tensor input, Tensor weight, Tensor bias) {
        double[] x = input.toDoubleArray();
        double[] w = weight.toDoubleArray();
        double[] b = bias == null ? null : bias.toDoubleArray();
        Conv3dOptions o = p.options();
        int[] s = o.stride();
        int[] d = o.dilation();
        int[] in = p.in();
        int[] k = p.k();
        int[] pad = o.resolveTransposedPadding(in, k);
        int[] out = o.transposedOutputSize(in, k);
        int volume = out[0] * out[1] * out[2];
        double[] y = new double[p.batch() * p.cout() * volume];
        for (int n = 0; n < p.batch(); n++) {
            for (int oc = 0; oc < p.cout(); oc++) {
                for (int i = 0; i < volume; i++) {
                    y[(n * p.cout() + oc) * volume + i] = b == null ? 0 : b[oc];
                }
            }
            for (int c = 0; c < p.cin(); c++) {
                int group = c / p.cinG();
                for (int id = 0; id < in[0]; id++) {
                    for (int iy = 0; iy < in[1]; iy++) {
                        for (int ix = 0; ix < in[2]; ix++) {
                            double v = x[(((n * p.cin() + c) * in[0] + id) * in[1] + iy) * in[2] + ix];
                            for (int oc = 0; oc < p.coutG(); oc++) {
                                for (int kd = 0; kd < k[0]; kd++) {
                                    for (int ky = 0; ky < k[1]; ky++) {
                                        for (int kx = 0; kx < k[2]; kx++) {
                                            int od = id * s[0] + kd * d[0] - pad[0];
                                            int oy = iy * s[1] + ky * d[1] - pad[2];
                                            int ox = ix * s[2] + kx * d[2] - pad[4];
                                            if (od >= 0 && od < out[0] && oy >= 0 && oy < out[1] && ox >= 0
                                                    && ox < out[2]) {
                                                int channel = group * p.coutG() + oc;
                                                y[(((n * p.cout() + channel) * out[0] + od) * out[1] + oy) * out[2]
                                                        + ox] += v * w[(((c * p.coutG() + oc) * k[0] + kd) * k[1]
                                                                + ky) * k[2] + kx];
                                            }
                                        }
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

    private static int[] outputDims(Problem p, int[] spatial) {
        return new int[] {p.batch(), p.cout(), spatial[0], spatial[1], spatial[2]};
    }

    // ---------------------------------------------------------------- forward against the loops

    @Property(tries = 60)
    void conv3dMatchesTheDirectLoop(@ForAll long seed, @ForAll DType dtype) {
        Problem p = convolution(seed, dtype, 7);
        Tensor[] in = operands(p, false);
        Tensor y = Convolution.conv3d(in[0], in[1], in[2], p.options());
        assertArrayEquals(outputDims(p, p.options().outputSize(p.in(), p.k())), y.dims(), p::toString);
        assertEquals(dtype, y.dtype());
        assertMatches(directConv3d(p, in[0], in[1], in[2]), y, tolerance(dtype), p);
    }

    @Property(tries = 60)
    void convTranspose3dMatchesTheDirectLoop(@ForAll long seed, @ForAll DType dtype) {
        Problem p = transposed(seed, dtype, 5);
        Tensor[] in = operands(p, true);
        Tensor y = Convolution.convTranspose3d(in[0], in[1], in[2], p.options());
        assertArrayEquals(outputDims(p, p.options().transposedOutputSize(p.in(), p.k())), y.dims(), p::toString);
        assertMatches(directConvTranspose3d(p, in[0], in[1], in[2]), y, tolerance(dtype), p);
    }

    @Example
    void largeVolumesSplitIntoSeveralLoweringStepsStillMatchTheDirectLoop() {
        for (Conv3dOptions o : new Conv3dOptions[] {Conv3dOptions.defaults().padding(1),
                Conv3dOptions.defaults().stride(1, 2, 2).padding(Padding.SAME),
                Conv3dOptions.defaults().stride(2, 1, 1).dilation(1, 2, 1)
                        .padding(Padding.explicit(0, 1, 2, 0, 1, 1)).groups(2)}) {
            Problem p = new Problem(2, o.groups(), 3, 2, new int[] {9, 17, 21}, new int[] {3, 3, 3}, o,
                    DType.FLOAT32, 11);
            Tensor[] in = operands(p, false);
            assertMatches(directConv3d(p, in[0], in[1], in[2]), Convolution.conv3d(in[0], in[1], in[2], o), 2e-5, p);
        }
    }

    @Example
    void anisotropicPatchKernelsDownAndUpsampleThickSlicesByOneTwoTwo() {
        Conv3dOptions o = Conv3dOptions.defaults().stride(1, 2, 2);
        assertArrayEquals(new int[] {5, 4, 3}, o.outputSize(new int[] {5, 8, 7}, new int[] {1, 2, 2}));
        assertArrayEquals(new int[] {5, 8, 6}, o.transposedOutputSize(new int[] {5, 4, 3}, new int[] {1, 2, 2}));
        Problem p = new Problem(1, 1, 2, 3, new int[] {3, 4, 5}, new int[] {1, 2, 2}, o, DType.FLOAT64, 3);
        Tensor[] in = operands(p, true);
        Tensor up = Convolution.convTranspose3d(in[0], in[1], in[2], o);
        assertArrayEquals(new int[] {1, 3, 3, 8, 10}, up.dims());
        assertMatches(directConvTranspose3d(p, in[0], in[1], in[2]), up, 1e-12, p);
    }

    @Example
    void sameKeepsTheSizeAtStrideOneAndGivesCeilOfSizeOverStrideOtherwise() {
        Conv3dOptions same = Conv3dOptions.defaults().padding(Padding.SAME);
        assertArrayEquals(new int[] {5, 13, 8}, same.outputSize(new int[] {5, 13, 8}, new int[] {1, 3, 4}));
        assertArrayEquals(new int[] {0, 0, 1, 1, 1, 2}, same.resolvePadding(new int[] {5, 13, 8},
                new int[] {1, 3, 4}));
        assertArrayEquals(new int[] {5, 7, 4}, same.stride(1, 2, 2).outputSize(new int[] {5, 13, 8},
                new int[] {3, 3, 3}));
    }

    /** convTranspose3d of the same weight, with conv3d's resolved padding, is conv3d's adjoint. */
    @Property(tries = 30)
    void convTranspose3dIsTheAdjointOfConv3dWithTheSameOptions(@ForAll long seed) {
        Problem p = convolution(seed, DType.FLOAT64, 7);
        Tensor[] in = operands(p, false);
        Tensor y = Convolution.conv3d(in[0], in[1], null, p.options());
        Tensor v = random(new Random(seed + 1), DType.FLOAT64, y.dims());
        int[] pad = p.options().resolvePadding(p.in(), p.k());
        int[] s = p.options().stride();
        int[] d = p.options().dilation();
        int[] skipped = new int[3];
        for (int a = 0; a < 3; a++) {
            skipped[a] = (p.in()[a] + pad[2 * a] + pad[2 * a + 1] - d[a] * (p.k()[a] - 1) - 1) % s[a];
        }
        Conv3dOptions adjoint = p.options().padding(Padding.explicit(pad)).outputPadding(skipped[0], skipped[1],
                skipped[2]);
        Tensor u = Convolution.convTranspose3d(v, in[1], null, adjoint);
        assertEquals(in[0].shape(), u.shape(), p::toString);
        double lhs = y.mul(v).sum().item();
        double rhs = in[0].mul(u).sum().item();
        assertEquals(lhs, rhs, 1e-10 * (1 + Math.abs(lhs)), () -> "<conv(x), v> = <x, convT(v)> for " + p);
    }

    // ---------------------------------------------------------------- gradients

    @Property(tries = 15)
    void conv3dGradientsOfInputWeightAndBiasMatchFiniteDifferences(@ForAll long seed) {
        Problem p = convolution(seed, DType.FLOAT64, 4);
        Tensor[] in = operands(p, false);
        GradCheck.assertGradients(t -> Convolution.conv3d(t[0], t[1], t[2], p.options()), in[0], in[1], in[2]);
    }

    @Property(tries = 15)
    void convTranspose3dGradientsOfInputWeightAndBiasMatchFiniteDifferences(@ForAll long seed) {
        Problem p = transposed(seed, DType.FLOAT64, 3);
        Tensor[] in = operands(p, true);
        GradCheck.assertGradients(t -> Convolution.convTranspose3d(t[0], t[1], t[2], p.options()), in[0], in[1],
                in[2]);
    }

    // ---------------------------------------------------------------- threads

    @Example
    void resultsAndGradientsDoNotDependOnTheThreadCount() {
        Conv3dOptions o = Conv3dOptions.defaults().stride(1, 2, 2).padding(Padding.SAME).groups(2);
        Problem p = new Problem(3, 2, 4, 3, new int[] {7, 19, 23}, new int[] {3, 3, 3}, o, DType.FLOAT32, 5);
        Tensor[] in = operands(p, false);
        double[][] one = ImageTensors.withThreads(1, () -> forwardAndGradients(in, o));
        double[][] two = ImageTensors.withThreads(2, () -> forwardAndGradients(in, o));
        double[][] four = ImageTensors.withThreads(4, () -> forwardAndGradients(in, o));
        for (int i = 0; i < one.length; i++) {
            assertArrayEquals(one[i], two[i], "part " + i + " with 1 and 2 threads");
            assertArrayEquals(one[i], four[i], "part " + i + " with 1 and 4 threads");
        }
    }

    private static double[][] forwardAndGradients(Tensor[] in, Conv3dOptions o) {
        Tensor x = in[0].detach().requiresGrad(true);
        Tensor w = in[1].detach().requiresGrad(true);
        Tensor b = in[2].detach().requiresGrad(true);
        Tensor y = Convolution.conv3d(x, w, b, o);
        Tensor z = Convolution.convTranspose3d(y, w, null, o);
        z.mul(z).sum().backward();
        return new double[][] {y.toDoubleArray(), z.toDoubleArray(), x.grad().toDoubleArray(),
                w.grad().toDoubleArray(), b.grad().toDoubleArray()};
    }

    // ---------------------------------------------------------------- argument checks

    @Example
    void inputsAndWeightsThatAreNotFiveDimensionalAreRejectedNamingTheLayout() {
        Tensor image = Tensor.zeros(1, 1, 4, 4);
        Tensor volume = Tensor.zeros(1, 1, 4, 4, 4);
        ShapeException e = assertThrows(ShapeException.class,
                () -> Convolution.conv3d(image, Tensor.zeros(1, 1, 1, 1, 1)));
        assertTrue(e.getMessage().contains("NCDHW"), e.getMessage());
        e = assertThrows(ShapeException.class, () -> Convolution.conv3d(volume, Tensor.zeros(1, 1, 3, 3)));
        assertTrue(e.getMessage().contains("kD, kH, kW"), e.getMessage());
    }

    @Example
    void mismatchedChannelsGroupsAndBiasesAreRejectedWithTheRule() {
        Tensor x = Tensor.zeros(1, 4, 3, 3, 3);
        ShapeException channels = assertThrows(ShapeException.class,
                () -> Convolution.conv3d(x, Tensor.zeros(2, 3, 1, 1, 1)));
        assertTrue(channels.getMessage().contains("expects 3"), channels.getMessage());
        ShapeException groups = assertThrows(ShapeException.class, () -> Convolution.conv3d(x,
                Tensor.zeros(3, 2, 1, 1, 1), null, Conv3dOptions.defaults().groups(2)));
        assertTrue(groups.getMessage().contains("must divide the output channels"), groups.getMessage());
        ShapeException bias = assertThrows(ShapeException.class, () -> Convolution.conv3d(x,
                Tensor.zeros(2, 4, 1, 1, 1), Tensor.zeros(3), Conv3dOptions.defaults()));
        assertTrue(bias.getMessage().contains("[2]"), bias.getMessage());
        IllegalArgumentException outputPadding = assertThrows(IllegalArgumentException.class,
                () -> Convolution.conv3d(x, Tensor.zeros(2, 4, 1, 1, 1), null,
                        Conv3dOptions.defaults().stride(2).outputPadding(1)));
        assertTrue(outputPadding.getMessage().contains("convTranspose3d only"), outputPadding.getMessage());
    }

    @Example
    void aKernelThatDoesNotFitNamesTheAxis() {
        ShapeException e = assertThrows(ShapeException.class,
                () -> Convolution.conv3d(Tensor.zeros(1, 1, 2, 5, 5), Tensor.zeros(1, 1, 3, 3, 3)));
        assertTrue(e.getMessage().contains("along the depth"), e.getMessage());
    }

    @Example
    void optionsRejectNonPositiveValuesAndPaddingForTheWrongNumberOfAxes() {
        assertThrows(IllegalArgumentException.class, () -> Conv3dOptions.defaults().stride(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Conv3dOptions.defaults().dilation(0));
        assertThrows(IllegalArgumentException.class, () -> Conv3dOptions.defaults().outputPadding(-1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv3dOptions.defaults().padding(Padding.of(1)));
        assertTrue(e.getMessage().contains("needs 3"), e.getMessage());
        assertEquals("Conv3dOptions(stride=[1, 2, 2], padding=SAME, dilation=[1, 1, 1], groups=1, "
                + "outputPadding=[0, 0, 0])", Conv3dOptions.defaults().stride(1, 2, 2).padding(Padding.SAME)
                        .toString());
    }
}

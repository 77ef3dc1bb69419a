package org.unet4j.autodiff;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * 2-D and 3-D convolution and transposed convolution over NCHW and NCDHW batches, each forward beside its
 * backward rule, with PyTorch's weight layouts and semantics (cross-correlation, no kernel flip).
 *
 * <pre>{@code
 * var opts = Conv2dOptions.defaults().padding(Padding.SAME);
 * Tensor y = Convolution.conv2d(x, w, b, opts);                         // x [N, Cin, H, W], w [Cout, Cin/g, kH, kW]
 * Tensor u = Convolution.convTranspose2d(y, wt, null,
 *         Conv2dOptions.defaults().stride(2));                          // wt [Cin, Cout/g, kH, kW]
 * Tensor v = Convolution.conv3d(vol, w3, b3,
 *         Conv3dOptions.defaults().stride(1, 2, 2).padding(Padding.SAME)); // vol [N, Cin, D, H, W]
 * }</pre>
 *
 * <p>With {@code i(q, kappa) = q * stride + kappa * dilation - padBefore} per axis and channel blocks per group
 * (see {@link ConvolutionKernels} for the indices written out):
 * <pre>
 *   conv2d            y  = b + sum_{c', kappa} w[o, c', kappa] x[c, i(q, kappa)]
 *       backward      dx = the adjoint of x -&gt; y applied to g;
 *                     dw[o, c', kappa] = sum_{n, q} g[o, q] x[c, i(q, kappa)];  db = sum_{n, q} g
 *   convTranspose2d   y  = b + the adjoint of the convolution (weight w, same options) that maps y's shape to x's
 *       backward      dx = that convolution applied to g;  dw = its weight gradient with the roles of x and g
 *                     swapped (sum_{n, q} x[o, q] g[c, i(q, kappa)]);  db = sum_{n, q} g
 * </pre>
 * Only the gradients of inputs that require them are computed. Every argument is checked before any work; a
 * failure names the op, the shapes and the rule broken. Mixed float32/float64 operands compute in float64.
 */
public final class Convolution {
    private Convolution() {
    }

    /** {@code conv2d} without bias, with stride 1, no padding, dilation 1 and one group. */
    public static Tensor conv2d(Tensor x, Tensor weight) {
        return conv2d(x, weight, null, Conv2dOptions.defaults());
    }

    /**
     * 2-D convolution: {@code x [N, Cin, H, W]}, {@code weight [Cout, Cin/groups, kH, kW]}, {@code bias [Cout]} or
     * null; the output is {@code [N, Cout, outH, outW]} with the sizes of {@link Conv2dOptions#outputSize}.
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, Conv2dOptions options) {
        String op = "conv2d";
        requireOperands(op, x, weight, bias, options);
        String context = describe(op, x, weight, bias, options);
        int groups = options.groups();
        int cin = x.dim(1);
        int cout = weight.dim(0);
        if (cout % groups != 0) {
            throw new ShapeException(context + ": groups " + groups + " must divide the output channels " + cout
                    + " (weight.dim(0))");
        }
        if (cin != weight.dim(1) * groups) {
            throw new ShapeException(context + ": the input has " + cin + " channels but the weight expects "
                    + weight.dim(1) * groups + " (weight.dim(1) " + weight.dim(1) + " * groups " + groups + ")");
        }
        requireBias(context, bias, cout, "weight.dim(0)");
        int[] outputPadding = options.outputPadding();
        if (outputPadding[0] != 0 || outputPadding[1] != 0) {
            throw new IllegalArgumentException(context + ": output padding applies to convTranspose2d only");
        }
        int kh = weight.dim(2);
        int kw = weight.dim(3);
        int[] out = options.outputSize(context, x.dim(2), x.dim(3), kh, kw);
        int[] pad = options.resolvePadding(x.dim(2), x.dim(3), kh, kw);
        ConvolutionKernels.Geometry g = new ConvolutionKernels.Geometry(x.dim(0), cin, cout, groups,
                new int[] {x.dim(2), x.dim(3)}, new int[] {kh, kw}, out, options.stride(), options.dilation(),
                new int[] {pad[0], pad[2]});
        Operands o = Operands.promote(x, weight, bias);
        FlopCounter.convolution(op, g);
        ConvolutionKernels kernels = o.kernels();
        Tensor y = kernels.forward(o.x(), o.weight(), o.bias(), g);
        return o.record(op, y, gy -> kernels.backwardInput(gy, o.weight(), g),
                gy -> kernels.backwardWeight(gy, o.x(), g));
    }

    /**
     * 2-D transposed convolution: {@code x [N, Cin, H, W]}, {@code weight [Cin, Cout/groups, kH, kW]},
     * {@code bias [Cout]} or null; the output is {@code [N, Cout, outH, outW]} with the sizes of
     * {@link Conv2dOptions#transposedOutputSize}.
     */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, Conv2dOptions options) {
        String op = "convTranspose2d";
        requireOperands(op, x, weight, bias, options);
        String context = describe(op, x, weight, bias, options);
        int groups = options.groups();
        int cin = x.dim(1);
        if (cin != weight.dim(0)) {
            throw new ShapeException(context + ": the input has " + cin + " channels but the weight expects "
                    + weight.dim(0) + " (weight.dim(0); the layout is [Cin, Cout/groups, kH, kW])");
        }
        if (cin % groups != 0) {
            throw new ShapeException(context + ": groups " + groups + " must divide the input channels " + cin);
        }
        int cout = weight.dim(1) * groups;
        requireBias(context, bias, cout, "weight.dim(1) * groups");
        int kh = weight.dim(2);
        int kw = weight.dim(3);
        int[] out = options.transposedOutputSize(context, x.dim(2), x.dim(3), kh, kw);
        int[] pad = options.resolveTransposedPadding(x.dim(2), x.dim(3), kh, kw);
        ConvolutionKernels.Geometry g = new ConvolutionKernels.Geometry(x.dim(0), cout, cin, groups, out,
                new int[] {kh, kw}, new int[] {x.dim(2), x.dim(3)}, options.stride(), options.dilation(),
                new int[] {pad[0], pad[2]});
        Operands o = Operands.promote(x, weight, bias);
        FlopCounter.convolution(op, g);
        ConvolutionKernels kernels = o.kernels();
        Tensor y = kernels.backwardInput(o.x(), o.weight(), g);
        if (o.bias() != null) {
            y = y.device().backend().binary(BinaryFn.ADD, y, o.bias().detach().reshape(1, cout, 1, 1));
        }
        return o.record(op, y, gy -> kernels.forward(gy, o.weight(), null, g),
                gy -> kernels.backwardWeight(o.x(), gy, g));
    }

    /** {@code conv3d} without bias, with stride 1, no padding, dilation 1 and one group. */
    public static Tensor conv3d(Tensor x, Tensor weight) {
        return conv3d(x, weight, null, Conv3dOptions.defaults());
    }

    /**
     * 3-D convolution: {@code x [N, Cin, D, H, W]}, {@code weight [Cout, Cin/groups, kD, kH, kW]}, {@code bias
     * [Cout]} or null; the output is {@code [N, Cout, outD, outH, outW]} with the sizes of
     * {@link Conv3dOptions#outputSize}. The same rule as {@link #conv2d} with three spatial axes.
     */
    public static Tensor conv3d(Tensor x, Tensor weight, Tensor bias, Conv3dOptions options) {
        String op = "conv3d";
        requireVolumeOperands(op, x, weight, bias, options);
        String context = op + "(input " + x.shape() + ", weight " + weight.shape()
                + (bias == null ? "" : ", bias " + bias.shape()) + ", " + options + ")";
        int groups = options.groups();
        int cin = x.dim(1);
        int cout = weight.dim(0);
        if (cout % groups != 0) {
            throw new ShapeException(context + ": groups " + groups + " must divide the output channels " + cout
                    + " (weight.dim(0))");
        }
        if (cin != weight.dim(1) * groups) {
            throw new ShapeException(context + ": the input has " + cin + " channels but the weight expects "
                    + weight.dim(1) * groups + " (weight.dim(1) " + weight.dim(1) + " * groups " + groups + ")");
        }
        requireBias(context, bias, cout, "weight.dim(0)");
        if (Arrays.stream(options.outputPadding()).anyMatch(p -> p != 0)) {
            throw new IllegalArgumentException(context + ": output padding applies to convTranspose3d only");
        }
        int[] in = spatial(x);
        int[] k = spatial(weight);
        int[] out = options.outputSize(context, in, k);
        int[] pad = options.resolvePadding(in, k);
        ConvolutionKernels.Geometry g = new ConvolutionKernels.Geometry(x.dim(0), cin, cout, groups, in, k, out,
                options.stride(), options.dilation(), new int[] {pad[0], pad[2], pad[4]});
        Operands o = Operands.promote(x, weight, bias);
        FlopCounter.convolution(op, g);
        ConvolutionKernels kernels = o.kernels();
        Tensor y = kernels.forward(o.x(), o.weight(), o.bias(), g);
        return o.record(op, y, gy -> kernels.backwardInput(gy, o.weight(), g),
                gy -> kernels.backwardWeight(gy, o.x(), g));
    }

    /**
     * 3-D transposed convolution: {@code x [N, Cin, D, H, W]}, {@code weight [Cin, Cout/groups, kD, kH, kW]},
     * {@code bias [Cout]} or null; the output is {@code [N, Cout, outD, outH, outW]} with the sizes of
     * {@link Conv3dOptions#transposedOutputSize}. The same rule as {@link #convTranspose2d} with three spatial axes.
     */
    public static Tensor convTranspose3d(Tensor x, Tensor weight, Tensor bias, Conv3dOptions options) {
        String op = "convTranspose3d";
        requireVolumeOperands(op, x, weight, bias, options);
        String context = op + "(input " + x.shape() + ", weight " + weight.shape()
                + (bias == null ? "" : ", bias " + bias.shape()) + ", " + options + ")";
        int groups = options.groups();
        int cin = x.dim(1);
        if (cin != weight.dim(0)) {
            throw new ShapeException(context + ": the input has " + cin + " channels but the weight expects "
                    + weight.dim(0) + " (weight.dim(0); the layout is [Cin, Cout/groups, kD, kH, kW])");
        }
        if (cin % groups != 0) {
            throw new ShapeException(context + ": groups " + groups + " must divide the input channels " + cin);
        }
        int cout = weight.dim(1) * groups;
        requireBias(context, bias, cout, "weight.dim(1) * groups");
        int[] in = spatial(x);
        int[] k = spatial(weight);
        int[] out = options.transposedOutputSize(context, in, k);
        int[] pad = options.resolveTransposedPadding(in, k);
        ConvolutionKernels.Geometry g = new ConvolutionKernels.Geometry(x.dim(0), cout, cin, groups, out, k, in,
                options.stride(), options.dilation(), new int[] {pad[0], pad[2], pad[4]});
        Operands o = Operands.promote(x, weight, bias);
        FlopCounter.convolution(op, g);
        ConvolutionKernels kernels = o.kernels();
        Tensor y = kernels.backwardInput(o.x(), o.weight(), g);
        if (o.bias() != null) {
            y = y.device().backend().binary(BinaryFn.ADD, y, o.bias().detach().reshape(1, cout, 1, 1, 1));
        }
        return o.record(op, y, gy -> kernels.forward(gy, o.weight(), null, g),
                gy -> kernels.backwardWeight(o.x(), gy, g));
    }

    private static int[] spatial(Tensor t) {
        return new int[] {t.dim(2), t.dim(3), t.dim(4)};
    }

    private static void requireVolumeOperands(String op, Tensor x, Tensor weight, Tensor bias,
            Conv3dOptions options) {
        if (x == null || weight == null) {
            throw new IllegalArgumentException(op + ": the input and the weight must not be null (the bias may be)");
        }
        if (options == null) {
            throw new IllegalArgumentException(op + ": options must not be null; use Conv3dOptions.defaults()");
        }
        ImageLayout.requireNcdhw(op, x);
        if (weight.rank() != 5) {
            throw new ShapeException(op + ": the weight must be 5-D [" + (op.equals("conv3d")
                    ? "Cout, Cin/groups" : "Cin, Cout/groups") + ", kD, kH, kW], got shape " + weight.shape());
        }
        for (int a = 0; a < 5; a++) {
            if (weight.dim(a) == 0) {
                throw new ShapeException(op + ": the weight " + weight.shape() + " has an empty axis " + a
                        + "; every size must be >= 1");
            }
        }
        Broadcasting.sameDevice(op, x, weight);
        if (bias != null) {
            Broadcasting.sameDevice(op, x, bias);
        }
    }

    private static void requireOperands(String op, Tensor x, Tensor weight, Tensor bias, Conv2dOptions options) {
        if (x == null || weight == null) {
            throw new IllegalArgumentException(op + ": the input and the weight must not be null (the bias may be)");
        }
        if (options == null) {
            throw new IllegalArgumentException(op + ": options must not be null; use Conv2dOptions.defaults()");
        }
        ImageLayout.requireNchw(op, x);
        if (weight.rank() != 4) {
            throw new ShapeException(op + ": the weight must be 4-D [" + (op.equals("conv2d")
                    ? "Cout, Cin/groups" : "Cin, Cout/groups") + ", kH, kW], got shape " + weight.shape());
        }
        for (int a = 0; a < 4; a++) {
            if (weight.dim(a) == 0) {
                throw new ShapeException(op + ": the weight " + weight.shape() + " has an empty axis " + a
                        + "; every size must be >= 1");
            }
        }
        Broadcasting.sameDevice(op, x, weight);
        if (bias != null) {
            Broadcasting.sameDevice(op, x, bias);
        }
    }

    private static void requireBias(String context, Tensor bias, int channels, String rule) {
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != channels)) {
            throw new ShapeException(context + ": the bias must have shape [" + channels + "] (one entry per output "
                    + "channel, " + rule + "), got " + bias.shape());
        }
    }

    private static String describe(String op, Tensor x, Tensor weight, Tensor bias, Conv2dOptions options) {
        return op + "(input " + x.shape() + ", weight " + weight.shape()
                + (bias == null ? "" : ", bias " + bias.shape()) + ", " + options + ")";
    }

    /** The operands in their common dtype (float64 if any is), with the convolution kernels of their backend. */
    private record Operands(DType dtype, Tensor x, Tensor weight, Tensor bias, ConvolutionKernels kernels) {
        static Operands promote(Tensor x, Tensor weight, Tensor bias) {
            DType d = DType.promote(x.dtype(), weight.dtype());
            DType dtype = bias == null ? d : DType.promote(d, bias.dtype());
            return new Operands(dtype, x.to(dtype), weight.to(dtype), bias == null ? null : bias.to(dtype),
                    x.device().backend().convolution());
        }

        /**
         * Records {@code y} on the tape. Its backward applies the given rules to the output gradient for the input
         * and the weight, and sums that gradient for the bias, each only where the operand requires a gradient.
         */
        Tensor record(String op, Tensor y, UnaryOperator<Tensor> inputGradient,
                UnaryOperator<Tensor> weightGradient) {
            return Autograd.record(op, y, grad -> {
                Tensor gy = grad.to(dtype);
                return new Tensor[] {
                        x.requiresGrad() ? inputGradient.apply(gy) : null,
                        weight.requiresGrad() ? weightGradient.apply(gy) : null,
                        bias != null && bias.requiresGrad() ? kernels.biasGradient(gy) : null};
            }, x, weight, bias);
        }
    }
}

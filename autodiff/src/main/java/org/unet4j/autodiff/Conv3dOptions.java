package org.unet4j.autodiff;

import java.util.Arrays;

/**
 * The settings of a 3-D convolution or transposed convolution over NCDHW volumes, immutable; each setter returns a
 * new instance. Per-axis values are in the order depth, height, width, so an anisotropic factor such as
 * {@code (1, 2, 2)} (thick slices) is one call:
 * <pre>{@code
 * Conv3dOptions.defaults().padding(Padding.SAME)
 * Conv3dOptions.defaults().stride(1, 2, 2).padding(0, 1, 1)
 * Conv3dOptions.defaults().stride(2).outputPadding(1)                 // for convTranspose3d
 * }</pre>
 * Defaults: stride 1, {@link Padding#VALID}, dilation 1, groups 1, output padding 0 (PyTorch's defaults).
 *
 * <p>Sizes, per axis with kernel {@code k}, stride {@code s}, dilation {@code d}, padding {@code before + after}
 * (see {@link Padding}) and output padding {@code op}, as for {@link Conv2dOptions}:
 * <pre>
 *   conv3d           out = floor((in + before + after - d (k - 1) - 1) / s) + 1
 *   convTranspose3d  out = (in - 1) s - before - after + d (k - 1) + 1 + op
 * </pre>
 * A transposed convolution's {@link Padding#SAME} means {@code out = in * s}, its padding that of the convolution it
 * is the adjoint of (an explicit output padding must then be 0).
 */
public final class Conv3dOptions {
    private static final int AXES = 3;
    private static final String[] AXIS = {"depth", "height", "width"};
    private static final Conv3dOptions DEFAULTS = new Conv3dOptions(new int[] {1, 1, 1}, Padding.VALID,
            new int[] {1, 1, 1}, 1, new int[] {0, 0, 0});

    private final int[] stride;
    private final Padding padding;
    private final int[] dilation;
    private final int groups;
    private final int[] outputPadding;

    private Conv3dOptions(int[] stride, Padding padding, int[] dilation, int groups, int[] outputPadding) {
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        this.outputPadding = outputPadding;
    }

    /** Stride 1, no padding, dilation 1, one group, no output padding. */
    public static Conv3dOptions defaults() {
        return DEFAULTS;
    }

    /** The same stride along the three axes. */
    public Conv3dOptions stride(int s) {
        return stride(s, s, s);
    }

    /** Stride along depth, height and width; each must be >= 1. */
    public Conv3dOptions stride(int strideD, int strideH, int strideW) {
        return new Conv3dOptions(positive("stride", strideD, strideH, strideW), padding, dilation, groups,
                outputPadding);
    }

    /** The padding rule, or explicit amounts {@code front, back, top, bottom, left, right}. */
    public Conv3dOptions padding(Padding p) {
        if (p == null) {
            throw new IllegalArgumentException("Conv3dOptions.padding: null; use Padding.VALID, Padding.SAME or "
                    + "Padding.explicit(front, back, top, bottom, left, right)");
        }
        if (p.mode() == Padding.Mode.EXPLICIT && p.axes() != AXES) {
            throw new IllegalArgumentException("Conv3dOptions.padding: " + p + " has amounts for " + p.axes()
                    + " spatial axes; a 3-D convolution needs 3 (front, back, top, bottom, left, right)");
        }
        return new Conv3dOptions(stride, p, dilation, groups, outputPadding);
    }

    /** {@code p} zeros on every side. */
    public Conv3dOptions padding(int p) {
        return padding(p, p, p);
    }

    /** {@code padD} zeros in front and behind, {@code padH} above and below, {@code padW} left and right. */
    public Conv3dOptions padding(int padD, int padH, int padW) {
        return padding(Padding.explicit(padD, padD, padH, padH, padW, padW));
    }

    /** The same dilation along the three axes. */
    public Conv3dOptions dilation(int d) {
        return dilation(d, d, d);
    }

    /** Dilation (spacing between kernel taps) along depth, height and width; each must be >= 1. */
    public Conv3dOptions dilation(int dilationD, int dilationH, int dilationW) {
        return new Conv3dOptions(stride, padding, positive("dilation", dilationD, dilationH, dilationW), groups,
                outputPadding);
    }

    /** Number of channel groups (>= 1); it must divide both channel counts of the op it is used with. */
    public Conv3dOptions groups(int g) {
        positive("groups", g, g, g);
        return new Conv3dOptions(stride, padding, dilation, g, outputPadding);
    }

    /** The same output padding along the three axes (transposed convolution only). */
    public Conv3dOptions outputPadding(int p) {
        return outputPadding(p, p, p);
    }

    /**
     * Extra slices, rows and columns at the back, bottom and right of a transposed convolution's output, choosing
     * among the input sizes a strided convolution maps to one output size; each must be >= 0 and below the stride or
     * the dilation.
     */
    public Conv3dOptions outputPadding(int padD, int padH, int padW) {
        if (padD < 0 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("Conv3dOptions.outputPadding must be >= 0, got " + padD + ", " + padH
                    + ", " + padW);
        }
        return new Conv3dOptions(stride, padding, dilation, groups, new int[] {padD, padH, padW});
    }

    private static int[] positive(String what, int d, int h, int w) {
        if (d < 1 || h < 1 || w < 1) {
            throw new IllegalArgumentException("Conv3dOptions." + what + " must be >= 1, got " + d
                    + (d == h && h == w ? "" : ", " + h + ", " + w));
        }
        return new int[] {d, h, w};
    }

    /** Stride {@code [depth, height, width]}. */
    public int[] stride() {
        return stride.clone();
    }

    /** The padding rule or amounts. */
    public Padding padding() {
        return padding;
    }

    /** Dilation {@code [depth, height, width]}. */
    public int[] dilation() {
        return dilation.clone();
    }

    /** Number of channel groups. */
    public int groups() {
        return groups;
    }

    /** Output padding {@code [depth, height, width]}. */
    public int[] outputPadding() {
        return outputPadding.clone();
    }

    // ---------------------------------------------------------------- sizes

    /**
     * The padding {@code [front, back, top, bottom, left, right]} a convolution applies to an input of spatial size
     * {@code input} ({@code [D, H, W]}) under a kernel of size {@code kernel} ({@code [kD, kH, kW]}).
     */
    public int[] resolvePadding(int[] input, int[] kernel) {
        requireThree("resolvePadding", input, kernel);
        return padding.resolve(input, kernel, stride, dilation);
    }

    /** The output size {@code [depth, height, width]} of a convolution of an input of spatial size {@code input}. */
    public int[] outputSize(int[] input, int[] kernel) {
        requireThree("outputSize", input, kernel);
        return outputSize("Conv3dOptions.outputSize(" + Arrays.toString(input) + ", " + Arrays.toString(kernel)
                + ") with " + this, input, kernel);
    }

    /** {@link #outputSize(int[], int[])} with {@code context} opening any error message. */
    int[] outputSize(String context, int[] in, int[] k) {
        int[] pad = resolvePadding(in, k);
        int[] out = new int[AXES];
        for (int a = 0; a < AXES; a++) {
            int span = dilation[a] * (k[a] - 1) + 1;
            int padded = in[a] + pad[2 * a] + pad[2 * a + 1];
            if (span > padded) {
                throw new ShapeException(context + ": along the " + AXIS[a] + " the kernel spans " + span
                        + " (kernel " + k[a] + ", dilation " + dilation[a] + ") but the padded input has only "
                        + padded + " (" + in[a] + " + padding " + pad[2 * a] + " + " + pad[2 * a + 1]
                        + "); the kernel must fit at least once");
            }
            out[a] = (padded - span) / stride[a] + 1;
        }
        return out;
    }

    /** The padding of a transposed convolution of an input of spatial size {@code input}. */
    public int[] resolveTransposedPadding(int[] input, int[] kernel) {
        requireThree("resolveTransposedPadding", input, kernel);
        if (padding.mode() == Padding.Mode.SAME) {
            int[] scaled = new int[AXES];
            for (int a = 0; a < AXES; a++) {
                scaled[a] = input[a] * stride[a];
            }
            return padding.resolve(scaled, kernel, stride, dilation);
        }
        return padding.resolve(input, kernel, stride, dilation);
    }

    /** The output size {@code [depth, height, width]} of a transposed convolution. */
    public int[] transposedOutputSize(int[] input, int[] kernel) {
        requireThree("transposedOutputSize", input, kernel);
        return transposedOutputSize("Conv3dOptions.transposedOutputSize(" + Arrays.toString(input) + ", "
                + Arrays.toString(kernel) + ") with " + this, input, kernel);
    }

    /** {@link #transposedOutputSize(int[], int[])} with {@code context} opening any error message. */
    int[] transposedOutputSize(String context, int[] in, int[] k) {
        int[] pad = resolveTransposedPadding(in, k);
        boolean same = padding.mode() == Padding.Mode.SAME;
        int[] out = new int[AXES];
        for (int a = 0; a < AXES; a++) {
            if (same && outputPadding[a] != 0) {
                throw new IllegalArgumentException(context + ": SAME padding implies the output padding (output = "
                        + "input * stride); the explicit output padding " + Arrays.toString(outputPadding)
                        + " must be 0");
            }
            if (outputPadding[a] >= Math.max(stride[a], dilation[a])) {
                throw new IllegalArgumentException(context + ": output padding " + outputPadding[a] + " along the "
                        + AXIS[a] + " must be smaller than the stride " + stride[a] + " or the dilation "
                        + dilation[a]);
            }
            int span = dilation[a] * (k[a] - 1) + 1;
            int size = same ? in[a] * stride[a]
                    : (in[a] - 1) * stride[a] - pad[2 * a] - pad[2 * a + 1] + span + outputPadding[a];
            if (size < 1) {
                throw new ShapeException(context + ": along the " + AXIS[a] + " the output would have " + size
                        + " elements ((" + in[a] + " - 1) * stride " + stride[a] + " - padding " + pad[2 * a] + " - "
                        + pad[2 * a + 1] + " + kernel span " + span + " + output padding " + outputPadding[a]
                        + "); reduce the padding");
            }
            out[a] = size;
        }
        return out;
    }

    private static void requireThree(String method, int[] input, int[] kernel) {
        if (input == null || kernel == null || input.length != AXES || kernel.length != AXES) {
            throw new IllegalArgumentException("Conv3dOptions." + method + ": the input and kernel sizes must each "
                    + "have 3 entries [depth, height, width], got " + Arrays.toString(input) + " and "
                    + Arrays.toString(kernel));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Conv3dOptions c && Arrays.equals(c.stride, stride) && c.padding.equals(padding)
                && Arrays.equals(c.dilation, dilation) && c.groups == groups
                && Arrays.equals(c.outputPadding, outputPadding);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(new Object[] {stride, padding, dilation, groups, outputPadding});
    }

    /** {@code Conv3dOptions(stride=[1, 2, 2], padding=SAME, dilation=[1, 1, 1], groups=1, outputPadding=[0, 0, 0])}. */
    @Override
    public String toString() {
        return "Conv3dOptions(stride=" + Arrays.toString(stride) + ", padding=" + padding + ", dilation="
                + Arrays.toString(dilation) + ", groups=" + groups + ", outputPadding=" + Arrays.toString(outputPadding)
                + ")";
    }
}

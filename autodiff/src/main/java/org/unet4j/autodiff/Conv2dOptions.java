package org.unet4j.autodiff;

import java.util.Arrays;

/**
 * The settings of a 2-D convolution or transposed convolution, immutable; each setter returns a new instance:
 * <pre>{@code
 * Conv2dOptions.defaults().stride(2).padding(Padding.SAME).dilation(2).groups(4)
 * Conv2dOptions.defaults().padding(1)                       // one zero on every side
 * Conv2dOptions.defaults().stride(2).outputPadding(1)       // for convTranspose2d
 * }</pre>
 * Defaults: stride 1, {@link Padding#VALID}, dilation 1, groups 1, output padding 0 (PyTorch's defaults).
 *
 * <p>Sizes, per axis with kernel {@code k}, stride {@code s}, dilation {@code d}, padding {@code before + after}
 * (see {@link Padding}) and output padding {@code op}:
 * <pre>
 *   conv2d           out = floor((in + before + after - d (k - 1) - 1) / s) + 1
 *   convTranspose2d  out = (in - 1) s - before - after + d (k - 1) + 1 + op
 * </pre>
 * A transposed convolution is the adjoint of the convolution with the same options mapping its output back to its
 * input. Its {@link Padding#SAME} therefore means {@code out = in * s}: the padding is what {@code SAME} gives that
 * convolution on an input of {@code in * s}, and the output padding needed to reach {@code in * s} is implied (an
 * explicit output padding must then be 0).
 */
public final class Conv2dOptions {
    private static final Conv2dOptions DEFAULTS = new Conv2dOptions(new int[] {1, 1}, Padding.VALID,
            new int[] {1, 1}, 1, new int[] {0, 0});
    private static final String[] AXIS = {"height", "width"};

    private final int[] stride;
    private final Padding padding;
    private final int[] dilation;
    private final int groups;
    private final int[] outputPadding;

    private Conv2dOptions(int[] stride, Padding padding, int[] dilation, int groups, int[] outputPadding) {
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        this.outputPadding = outputPadding;
    }

    /** Stride 1, no padding, dilation 1, one group, no output padding. */
    public static Conv2dOptions defaults() {
        return DEFAULTS;
    }

    /** The same stride along both axes. */
    public Conv2dOptions stride(int s) {
        return stride(s, s);
    }

    /** Stride along height and width; each must be >= 1. */
    public Conv2dOptions stride(int strideH, int strideW) {
        requirePositive("stride", strideH, strideW);
        return new Conv2dOptions(new int[] {strideH, strideW}, padding, dilation, groups, outputPadding);
    }

    /** The padding rule, or explicit amounts for the two spatial axes. */
    public Conv2dOptions padding(Padding p) {
        if (p == null) {
            throw new IllegalArgumentException("Conv2dOptions.padding: null; use Padding.VALID, Padding.SAME or "
                    + "Padding.of(...)");
        }
        if (p.mode() == Padding.Mode.EXPLICIT && p.axes() != 2) {
            throw new IllegalArgumentException("Conv2dOptions.padding: " + p + " has amounts for " + p.axes()
                    + " spatial axes; a 2-D convolution needs 2 (top, bottom, left, right)");
        }
        return new Conv2dOptions(stride, p, dilation, groups, outputPadding);
    }

    /** {@code p} zeros on every side. */
    public Conv2dOptions padding(int p) {
        return padding(Padding.of(p));
    }

    /** {@code vertical} zeros above and below, {@code horizontal} left and right. */
    public Conv2dOptions padding(int vertical, int horizontal) {
        return padding(Padding.of(vertical, horizontal));
    }

    /** The given zeros on each side. */
    public Conv2dOptions padding(int top, int bottom, int left, int right) {
        return padding(Padding.of(top, bottom, left, right));
    }

    /** The same dilation along both axes. */
    public Conv2dOptions dilation(int d) {
        return dilation(d, d);
    }

    /** Dilation (spacing between kernel taps) along height and width; each must be >= 1. */
    public Conv2dOptions dilation(int dilationH, int dilationW) {
        requirePositive("dilation", dilationH, dilationW);
        return new Conv2dOptions(stride, padding, new int[] {dilationH, dilationW}, groups, outputPadding);
    }

    /** Number of channel groups (>= 1); it must divide both channel counts of the op it is used with. */
    public Conv2dOptions groups(int g) {
        requirePositive("groups", g, g);
        return new Conv2dOptions(stride, padding, dilation, g, outputPadding);
    }

    /** The same output padding along both axes (transposed convolution only). */
    public Conv2dOptions outputPadding(int p) {
        return outputPadding(p, p);
    }

    /**
     * Extra rows and columns at the bottom and right of a transposed convolution's output, choosing among the input
     * sizes a strided convolution maps to one output size; each must be >= 0 and below the stride or the dilation.
     */
    public Conv2dOptions outputPadding(int padH, int padW) {
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("Conv2dOptions.outputPadding must be >= 0, got " + padH + ", " + padW);
        }
        return new Conv2dOptions(stride, padding, dilation, groups, new int[] {padH, padW});
    }

    private static void requirePositive(String what, int h, int w) {
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException("Conv2dOptions." + what + " must be >= 1, got " + h
                    + (h == w ? "" : ", " + w));
        }
    }

    /** Stride {@code [height, width]}. */
    public int[] stride() {
        return stride.clone();
    }

    /** The padding rule or amounts. */
    public Padding padding() {
        return padding;
    }

    /** Dilation {@code [height, width]}. */
    public int[] dilation() {
        return dilation.clone();
    }

    /** Number of channel groups. */
    public int groups() {
        return groups;
    }

    /** Output padding {@code [height, width]}. */
    public int[] outputPadding() {
        return outputPadding.clone();
    }

    // ---------------------------------------------------------------- sizes

    /** The padding {@code [top, bottom, left, right]} a convolution applies to an {@code inH x inW} input. */
    public int[] resolvePadding(int inH, int inW, int kernelH, int kernelW) {
        return padding.resolve(new int[] {inH, inW}, new int[] {kernelH, kernelW}, stride, dilation);
    }

    /** The output size {@code [height, width]} of a convolution of an {@code inH x inW} input. */
    public int[] outputSize(int inH, int inW, int kernelH, int kernelW) {
        return outputSize("Conv2dOptions.outputSize(" + inH + ", " + inW + ", " + kernelH + ", " + kernelW + ") with "
                + this, inH, inW, kernelH, kernelW);
    }

    /** {@link #outputSize(int, int, int, int)} with {@code context} opening any error message. */
    int[] outputSize(String context, int inH, int inW, int kernelH, int kernelW) {
        int[] in = {inH, inW};
        int[] k = {kernelH, kernelW};
        int[] pad = resolvePadding(inH, inW, kernelH, kernelW);
        int[] out = new int[2];
        for (int a = 0; a < 2; a++) {
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

    /**
     * The padding {@code [top, bottom, left, right]} of a transposed convolution of an {@code inH x inW} input: the
     * padding of the convolution it is the adjoint of.
     */
    public int[] resolveTransposedPadding(int inH, int inW, int kernelH, int kernelW) {
        if (padding.mode() == Padding.Mode.SAME) {
            return padding.resolve(new int[] {inH * stride[0], inW * stride[1]}, new int[] {kernelH, kernelW}, stride,
                    dilation);
        }
        return padding.resolve(new int[] {inH, inW}, new int[] {kernelH, kernelW}, stride, dilation);
    }

    /** The output size {@code [height, width]} of a transposed convolution of an {@code inH x inW} input. */
    public int[] transposedOutputSize(int inH, int inW, int kernelH, int kernelW) {
        return transposedOutputSize("Conv2dOptions.transposedOutputSize(" + inH + ", " + inW + ", " + kernelH + ", "
                + kernelW + ") with " + this, inH, inW, kernelH, kernelW);
    }

    /** {@link #transposedOutputSize(int, int, int, int)} with {@code context} opening any error message. */
    int[] transposedOutputSize(String context, int inH, int inW, int kernelH, int kernelW) {
        int[] in = {inH, inW};
        int[] k = {kernelH, kernelW};
        int[] pad = resolveTransposedPadding(inH, inW, kernelH, kernelW);
        boolean same = padding.mode() == Padding.Mode.SAME;
        int[] out = new int[2];
        for (int a = 0; a < 2; a++) {
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

    @Override
    public boolean equals(Object o) {
        return o instanceof Conv2dOptions c && Arrays.equals(c.stride, stride) && c.padding.equals(padding)
                && Arrays.equals(c.dilation, dilation) && c.groups == groups
                && Arrays.equals(c.outputPadding, outputPadding);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(new Object[] {stride, padding, dilation, groups, outputPadding});
    }

    /** {@code Conv2dOptions(stride=[2, 2], padding=SAME, dilation=[1, 1], groups=1, outputPadding=[0, 0])}. */
    @Override
    public String toString() {
        return "Conv2dOptions(stride=" + Arrays.toString(stride) + ", padding=" + padding + ", dilation="
                + Arrays.toString(dilation) + ", groups=" + groups + ", outputPadding=" + Arrays.toString(outputPadding)
                + ")";
    }
}

package org.unet4j.autodiff;

import java.util.Arrays;

/**
 * Zero padding of a convolution's input, per spatial axis an amount before and after.
 * <ul>
 * <li>{@link #VALID}: none; the kernel only visits positions where it fits inside the input.</li>
 * <li>{@link #SAME}: enough to give {@code ceil(in / stride)} outputs per axis. The total along an axis is
 * {@code max((ceil(in / stride) - 1) * stride + dilation * (kernel - 1) + 1 - in, 0)}, split with the smaller half
 * before: {@code before = total / 2}, {@code after = total - before}. With stride 1 the total is
 * {@code dilation * (kernel - 1)} and the output has the input's size: PyTorch's {@code padding="same"}. With a
 * larger stride it is TensorFlow's {@code "SAME"} (which PyTorch does not offer).</li>
 * <li>explicit: {@link #of(int)}, {@link #of(int, int)}, {@link #of(int, int, int, int)} for images, or
 * {@link #explicit(int...)} for any number of axes.</li>
 * </ul>
 * A resolved padding is a flat array {@code [before0, after0, before1, after1, ...]}, for images
 * {@code [top, bottom, left, right]}.
 */
public final class Padding {
    /** No padding. */
    public static final Padding VALID = new Padding(Mode.VALID, new int[0]);
    /** Output size {@code ceil(in / stride)}, the input's size at stride 1. */
    public static final Padding SAME = new Padding(Mode.SAME, new int[0]);

    /** How the amounts are chosen. */
    public enum Mode {
        /** No padding. */
        VALID,
        /** Derived from the input size, kernel, stride and dilation (see {@link Padding}). */
        SAME,
        /** Given amounts. */
        EXPLICIT
    }

    private final Mode mode;
    private final int[] amounts;

    private Padding(Mode mode, int[] amounts) {
        this.mode = mode;
        this.amounts = amounts;
    }

    /** {@code p} zeros on every side of an image. */
    public static Padding of(int all) {
        return of(all, all, all, all);
    }

    /** {@code vertical} zeros above and below, {@code horizontal} left and right. */
    public static Padding of(int vertical, int horizontal) {
        return of(vertical, vertical, horizontal, horizontal);
    }

    /** The given zeros on each side of an image. */
    public static Padding of(int top, int bottom, int left, int right) {
        return explicit(top, bottom, left, right);
    }

    /**
     * Explicit amounts for any number of spatial axes, {@code before0, after0, before1, after1, ...} (for images
     * top, bottom, left, right; for volumes front, back, top, bottom, left, right).
     */
    public static Padding explicit(int... beforeAfterPerAxis) {
        if (beforeAfterPerAxis.length == 0 || beforeAfterPerAxis.length % 2 != 0) {
            throw new IllegalArgumentException("Padding.explicit needs a before and an after amount per spatial axis, "
                    + "got " + beforeAfterPerAxis.length + " values " + Arrays.toString(beforeAfterPerAxis));
        }
        for (int p : beforeAfterPerAxis) {
            if (p < 0) {
                throw new IllegalArgumentException("Padding amounts must be >= 0, got "
                        + Arrays.toString(beforeAfterPerAxis) + " (crop the input to remove elements)");
            }
        }
        return new Padding(Mode.EXPLICIT, beforeAfterPerAxis.clone());
    }

    /** How the amounts are chosen. */
    public Mode mode() {
        return mode;
    }

    /** Number of spatial axes explicit amounts are given for; 0 for {@link #VALID} and {@link #SAME}, which fit any. */
    public int axes() {
        return amounts.length / 2;
    }

    /**
     * The amounts {@code [before0, after0, before1, after1, ...]} for an input of the given spatial sizes under a
     * kernel, stride and dilation (one entry per spatial axis each).
     */
    public int[] resolve(int[] input, int[] kernel, int[] stride, int[] dilation) {
        int axes = input.length;
        switch (mode) {
            case VALID:
                return new int[2 * axes];
            case SAME: {
                int[] out = new int[2 * axes];
                for (int a = 0; a < axes; a++) {
                    int outputs = (input[a] + stride[a] - 1) / stride[a];
                    int total = Math.max((outputs - 1) * stride[a] + dilation[a] * (kernel[a] - 1) + 1 - input[a], 0);
                    out[2 * a] = total / 2;
                    out[2 * a + 1] = total - total / 2;
                }
                return out;
            }
            default:
                if (amounts.length != 2 * axes) {
                    throw new IllegalArgumentException(this + " has amounts for " + amounts.length / 2
                            + " spatial axes, but the input has " + axes);
                }
                return amounts.clone();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Padding p && p.mode == mode && Arrays.equals(p.amounts, amounts);
    }

    @Override
    public int hashCode() {
        return 31 * mode.hashCode() + Arrays.hashCode(amounts);
    }

    /** {@code VALID}, {@code SAME}, {@code Padding(top=1, bottom=1, left=2, right=2)} or the flat amounts. */
    @Override
    public String toString() {
        if (mode != Mode.EXPLICIT) {
            return mode.name();
        }
        if (amounts.length == 4) {
            return "Padding(top=" + amounts[0] + ", bottom=" + amounts[1] + ", left=" + amounts[2] + ", right="
                    + amounts[3] + ")";
        }
        return "Padding(before/after per axis " + Arrays.toString(amounts) + ")";
    }
}

package org.unet4j.layers.nn;

import java.util.Arrays;

/**
 * A 3-D pooling window: per axis (depth, height, width) the kernel, the stride and the zero padding on each side;
 * along an axis of size {@code D} it gives {@code floor((D + 2p - k) / s) + 1} outputs. Anisotropic windows such as
 * kernel and stride {@code (1, 2, 2)} (thick slices) are as valid as cubic ones.
 */
record PoolingWindow3d(int[] kernel, int[] stride, int[] padding) {

    PoolingWindow3d {
        String[] names = {"kernel", "stride", "padding"};
        int[][] values = {kernel, stride, padding};
        for (int v = 0; v < 3; v++) {
            if (values[v] == null || values[v].length != 3) {
                throw new IllegalArgumentException("pooling: the " + names[v] + " needs 3 entries (depth, height, "
                        + "width), got " + (values[v] == null ? "null" : Arrays.toString(values[v])));
            }
        }
        kernel = kernel.clone();
        stride = stride.clone();
        padding = padding.clone();
        for (int a = 0; a < 3; a++) {
            if (kernel[a] < 1 || stride[a] < 1) {
                throw new IllegalArgumentException("pooling: kernel sizes and strides must be >= 1, got kernel "
                        + Arrays.toString(kernel) + ", stride " + Arrays.toString(stride));
            }
            if (padding[a] < 0 || 2 * padding[a] > kernel[a]) {
                throw new IllegalArgumentException("pooling: the padding must be in [0, kernel / 2] on every axis, got "
                        + "padding " + Arrays.toString(padding) + " for kernel " + Arrays.toString(kernel));
            }
        }
    }

    /** Kernel {@code k}, stride {@code s} and padding {@code p} on every axis. */
    static PoolingWindow3d cubic(int k, int s, int p) {
        return new PoolingWindow3d(new int[] {k, k, k}, new int[] {s, s, s}, new int[] {p, p, p});
    }

    @Override
    public int[] kernel() {
        return kernel.clone();
    }

    @Override
    public int[] stride() {
        return stride.clone();
    }

    @Override
    public int[] padding() {
        return padding.clone();
    }

    boolean padded() {
        return padding[0] + padding[1] + padding[2] > 0;
    }

    /** {@code kernel 1x2x2}, with the stride and padding when they are not the defaults (stride = kernel, 0). */
    String describe() {
        return "kernel " + triple(kernel) + (Arrays.equals(stride, kernel) ? "" : ", stride " + triple(stride))
                + (padded() ? ", padding " + triple(padding) : "");
    }

    private static String triple(int[] v) {
        return v[0] + "x" + v[1] + "x" + v[2];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoolingWindow3d w && Arrays.equals(kernel, w.kernel) && Arrays.equals(stride, w.stride)
                && Arrays.equals(padding, w.padding);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(new Object[] {kernel, stride, padding});
    }

    @Override
    public String toString() {
        return describe();
    }
}

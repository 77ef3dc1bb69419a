package org.unet4j.layers.nn;

/**
 * A square pooling window: kernel {@code k}, stride {@code s} and zero padding {@code p} on each side; along an axis
 * of size {@code H} it gives {@code floor((H + 2p - k) / s) + 1} outputs.
 */
record PoolingWindow(int kernel, int stride, int padding) {

    PoolingWindow {
        if (kernel < 1) {
            throw new IllegalArgumentException("pooling: the kernel size must be >= 1, got " + kernel);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("pooling: the stride must be >= 1, got " + stride);
        }
        if (padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException("pooling: the padding must be in [0, kernel / 2] = [0, " + kernel / 2
                    + "], got " + padding);
        }
    }

    String describe() {
        return "kernel " + kernel + "x" + kernel + (stride == kernel ? "" : ", stride " + stride)
                + (padding == 0 ? "" : ", padding " + padding);
    }
}

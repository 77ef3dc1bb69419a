package org.unet4j.layers.nn;

import org.unet4j.autodiff.Pooling;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * Average pooling of an NCHW batch over square windows: {@code y[n, c, i, j]} is the sum of {@code x[n, c]} over
 * window {@code (i, j)} divided by {@code k^2} (padding counted as zeros, PyTorch's default) or, with
 * {@code countPadding} off, by the number of input elements the window covers.
 */
public final class AvgPool2d extends Module {
    private final PoolingWindow window;
    private final boolean countPadding;

    /** Kernel {@code k}, stride {@code k}, no padding. */
    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0, true);
    }

    /** Kernel {@code k}, stride {@code s}, no padding. */
    public AvgPool2d(int kernel, int stride) {
        this(kernel, stride, 0, true);
    }

    /** Kernel {@code k}, stride {@code s}, padding {@code p <= k / 2}, and whether padding counts in the divisor. */
    public AvgPool2d(int kernel, int stride, int padding, boolean countPadding) {
        this.window = new PoolingWindow(kernel, stride, padding);
        this.countPadding = countPadding;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pooling.avgPool2d(input, window.kernel(), window.kernel(), window.stride(), window.stride(),
                window.padding(), window.padding(), countPadding);
    }

    @Override
    protected String describe() {
        return window.describe() + (window.padding() > 0 && !countPadding ? ", padding not counted" : "");
    }
}

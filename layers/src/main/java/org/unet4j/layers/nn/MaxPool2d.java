package org.unet4j.layers.nn;

import org.unet4j.autodiff.Pooling;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * Max pooling of an NCHW batch over square windows: {@code y[n, c, i, j]} is the largest {@code x[n, c]} in window
 * {@code (i, j)}. The gradient goes to the maximum of each window. {@code new MaxPool2d(2)} halves height and width.
 */
public final class MaxPool2d extends Module {
    private final PoolingWindow window;

    /** Kernel {@code k}, stride {@code k}, no padding. */
    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    /** Kernel {@code k}, stride {@code s}, no padding. */
    public MaxPool2d(int kernel, int stride) {
        this(kernel, stride, 0);
    }

    /** Kernel {@code k}, stride {@code s} and padding {@code p <= k / 2} (padded positions never win). */
    public MaxPool2d(int kernel, int stride, int padding) {
        this.window = new PoolingWindow(kernel, stride, padding);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pooling.maxPool2d(input, window.kernel(), window.kernel(), window.stride(), window.stride(),
                window.padding(), window.padding());
    }

    @Override
    protected String describe() {
        return window.describe();
    }
}

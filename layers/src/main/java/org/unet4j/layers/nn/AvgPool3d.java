package org.unet4j.layers.nn;

import org.unet4j.autodiff.Pooling;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * Average pooling of an NCDHW batch: {@code y[n, c, i, j, l]} is the sum of {@code x[n, c]} over window
 * {@code (i, j, l)} divided by {@code kD kH kW} (padding counted as zeros, PyTorch's default
 * {@code count_include_pad}) or, with {@code countIncludePad} off, by the number of input elements the window
 * covers.
 */
public final class AvgPool3d extends Module {
    private final PoolingWindow3d window;
    private final boolean countIncludePad;

    /** Kernel {@code k}, stride {@code k}, no padding, on every axis. */
    public AvgPool3d(int kernel) {
        this(new int[] {kernel, kernel, kernel}, new int[] {kernel, kernel, kernel}, new int[3], true);
    }

    /** Per-axis kernel, stride and padding, and whether padding counts in the divisor. */
    public AvgPool3d(int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        this.window = new PoolingWindow3d(kernel, stride, padding);
        this.countIncludePad = countIncludePad;
    }

    /** A {@code kD x kH x kW} window with a stride equal to it and no padding. */
    public static AvgPool3d of(int kernelD, int kernelH, int kernelW) {
        int[] kernel = {kernelD, kernelH, kernelW};
        return new AvgPool3d(kernel, kernel, new int[3], true);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pooling.avgPool3d(input, window.kernel(), window.stride(), window.padding(), countIncludePad);
    }

    @Override
    protected String describe() {
        return window.describe() + (window.padded() && !countIncludePad ? ", padding not counted" : "");
    }
}

package org.unet4j.layers.nn;

import org.unet4j.autodiff.Pooling;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * Max pooling of an NCDHW batch: {@code y[n, c, i, j, l]} is the largest {@code x[n, c]} in window {@code (i, j, l)};
 * the gradient goes to the maximum of each window. {@code new MaxPool3d(2)} halves depth, height and width;
 * {@code MaxPool3d.of(1, 2, 2)} halves height and width only (thick slices).
 */
public final class MaxPool3d extends Module {
    private final PoolingWindow3d window;

    /** Kernel {@code k}, stride {@code k}, no padding, on every axis. */
    public MaxPool3d(int kernel) {
        this(kernel, kernel, 0);
    }

    /** Kernel {@code k}, stride {@code s} and padding {@code p <= k / 2} on every axis (padded positions never win). */
    public MaxPool3d(int kernel, int stride, int padding) {
        this.window = PoolingWindow3d.cubic(kernel, stride, padding);
    }

    /** Per-axis kernel, stride and padding ({@code [depth, height, width]} each). */
    public MaxPool3d(int[] kernel, int[] stride, int[] padding) {
        this.window = new PoolingWindow3d(kernel, stride, padding);
    }

    /** A {@code kD x kH x kW} window with a stride equal to it and no padding. */
    public static MaxPool3d of(int kernelD, int kernelH, int kernelW) {
        int[] kernel = {kernelD, kernelH, kernelW};
        return new MaxPool3d(kernel, kernel, new int[3]);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pooling.maxPool3d(input, window.kernel(), window.stride(), window.padding());
    }

    @Override
    protected String describe() {
        return window.describe();
    }
}

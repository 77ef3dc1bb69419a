package org.unet4j.layers.topology;

import java.util.SplittableRandom;
import org.unet4j.autodiff.Padding;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.Conv3d;

/**
 * A builder of a k-wide convolution in the layout of a {@link SpatialLayers}, the one type a block asks for whatever
 * the dimensionality: a 1 x k {@link Conv2d} in 1-D, k x k {@link Conv2d} in 2-D, k x k x k {@link Conv3d} in 3-D.
 * Padding and bias are the only options a block sets; {@link #build} draws the weight, then the bias, from the
 * generator, as the layer's own builder does.
 *
 * <pre>{@code
 * Module conv = SpatialLayers.of(3).convolution(8, 16, 3).padding(Padding.SAME).build(rng);   // a Conv3d
 * }</pre>
 */
public final class SpatialConvolution {
    private final int dims;
    private final int in;
    private final int out;
    private final int kernel;
    private Padding padding = Padding.VALID;
    private boolean bias = true;

    SpatialConvolution(int dims, int in, int out, int kernel) {
        this.dims = dims;
        this.in = in;
        this.out = out;
        this.kernel = kernel;
    }

    /** A padding rule ({@link Padding#VALID}, the default, or {@link Padding#SAME}). */
    public SpatialConvolution padding(Padding p) {
        if (p == null) {
            throw new IllegalArgumentException("padding must not be null (Padding.VALID or Padding.SAME)");
        }
        this.padding = p;
        return this;
    }

    /** Whether to add a per-channel bias (default true). */
    public SpatialConvolution bias(boolean on) {
        this.bias = on;
        return this;
    }

    /** The convolution, its weight and bias drawn from {@code rng}. */
    public Module build(SplittableRandom rng) {
        return switch (dims) {
            case 1 -> Conv2d.builder(in, out, 1, kernel).padding(padding).bias(bias).build(rng);
            case 2 -> Conv2d.builder(in, out, kernel, kernel).padding(padding).bias(bias).build(rng);
            default -> Conv3d.builder(in, out, kernel).padding(padding).bias(bias).build(rng);
        };
    }

    @Override
    public String toString() {
        String k = dims == 1 ? "1x" + kernel : dims == 2 ? kernel + "x" + kernel : kernel + "x" + kernel + "x" + kernel;
        return "convolution " + in + " -> " + out + ", kernel " + k + ", padding " + padding
                + (bias ? "" : ", no bias");
    }
}

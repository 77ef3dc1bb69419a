package org.unet4j.layers.nn;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Conv3dOptions;
import org.unet4j.autodiff.Padding;
import org.unet4j.layers.Module;
import org.unet4j.layers.init.Init;

/**
 * The options shared by {@link Conv3d} and {@link ConvTranspose3d}: channels, the kernel {@code [kD, kH, kW]}, the
 * {@link Conv3dOptions} (stride, padding, dilation, groups), whether to add a bias, and how to initialise weight and
 * bias. Per-axis setters take depth, height, width, so anisotropic kernels and strides such as {@code (1, 2, 2)} are
 * one call. Every setter validates its value; {@link #build} draws the initial values from a seeded generator.
 *
 * @param <B> the concrete builder, returned by every setter
 * @param <L> the layer built
 */
public abstract class Convolution3dBuilder<B extends Convolution3dBuilder<B, L>, L extends Module> {
    final String layer;
    final int inChannels;
    final int outChannels;
    final int[] kernel;
    Conv3dOptions options = Conv3dOptions.defaults();
    boolean bias = true;
    Init weightInit = Init.fanInUniform();
    Init biasInit = Init.fanInUniform();

    Convolution3dBuilder(String layer, int inChannels, int outChannels, int kernelD, int kernelH, int kernelW) {
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException(layer + ": channel counts must be positive, got " + inChannels + " -> "
                    + outChannels);
        }
        if (kernelD < 1 || kernelH < 1 || kernelW < 1) {
            throw new IllegalArgumentException(layer + ": the kernel must be at least 1x1x1, got " + kernelD + "x"
                    + kernelH + "x" + kernelW);
        }
        this.layer = layer;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = new int[] {kernelD, kernelH, kernelW};
    }

    abstract B self();

    /** Builds the layer; the weight is drawn first, then the bias. */
    public abstract L build(SplittableRandom rng);

    /** The same stride along the three axes (default 1). */
    public B stride(int s) {
        options = options.stride(s);
        return self();
    }

    /** Stride along depth, height and width. */
    public B stride(int strideD, int strideH, int strideW) {
        options = options.stride(strideD, strideH, strideW);
        return self();
    }

    /** {@code p} zeros on every side (default none: {@link Padding#VALID}). */
    public B padding(int p) {
        options = options.padding(p);
        return self();
    }

    /** {@code padD} zeros in front and behind, {@code padH} above and below, {@code padW} left and right. */
    public B padding(int padD, int padH, int padW) {
        options = options.padding(padD, padH, padW);
        return self();
    }

    /** A padding rule ({@link Padding#VALID}, {@link Padding#SAME}) or explicit amounts for three axes. */
    public B padding(Padding padding) {
        options = options.padding(padding);
        return self();
    }

    /** The same dilation along the three axes (default 1). */
    public B dilation(int d) {
        options = options.dilation(d);
        return self();
    }

    /** Dilation along depth, height and width. */
    public B dilation(int dilationD, int dilationH, int dilationW) {
        options = options.dilation(dilationD, dilationH, dilationW);
        return self();
    }

    /** Number of channel groups; it must divide both channel counts (default 1). */
    public B groups(int g) {
        checkGroups(g);
        options = options.groups(g);
        return self();
    }

    /** Replaces all of stride, padding, dilation and groups (and output padding) at once. */
    public B options(Conv3dOptions replacement) {
        checkGroups(replacement.groups());
        options = replacement;
        return self();
    }

    private void checkGroups(int g) {
        if (g < 1 || inChannels % g != 0 || outChannels % g != 0) {
            throw new IllegalArgumentException(layer + ": groups " + g + " must be positive and divide both channel"
                    + " counts " + inChannels + " and " + outChannels);
        }
    }

    /** Whether to add a per-channel bias (default true). */
    public B bias(boolean on) {
        this.bias = on;
        return self();
    }

    /** How to initialise the weight (default {@link Init#fanInUniform()}, PyTorch's). */
    public B weightInit(Init init) {
        this.weightInit = init;
        return self();
    }

    /** How to initialise the bias, given the weight's fans (default {@link Init#fanInUniform()}). */
    public B biasInit(Init init) {
        this.biasInit = init;
        return self();
    }
}

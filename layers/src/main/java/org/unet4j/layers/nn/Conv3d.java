package org.unet4j.layers.nn;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Conv3dOptions;
import org.unet4j.autodiff.Convolution;
import org.unet4j.autodiff.Tensor;

/**
 * 3-D convolution (cross-correlation, as in PyTorch) of an NCDHW batch with weight {@code w [out, in / groups, kD,
 * kH, kW]} and bias {@code b [out]}:
 * {@code y[n, o, q] = b[o] + sum_{c, kappa} w[o, c, kappa] x[n, c0(o) + c, q s + kappa d - padBefore]} with q and
 * kappa running over the three axes, c over the {@code in / groups} input channels of o's group, which start at
 * {@code c0(o)}. Output sizes per axis are {@code floor((in + padBefore + padAfter - d (k - 1) - 1) / s) + 1}; see
 * {@link Conv3dOptions}.
 *
 * <pre>{@code
 * var conv = Conv3d.builder(1, 8, 3).padding(Padding.SAME).build(rng);     // 3x3x3, same size
 * var down = Conv3d.builder(8, 16, 1, 2, 2).stride(1, 2, 2).build(rng);   // thick slices: halve H and W only
 * }</pre>
 */
public final class Conv3d extends Convolution3dLayer {
    /** A {@code kernel^3} convolution with bias, stride 1 and no padding, initialised as PyTorch does. */
    public Conv3d(int inChannels, int outChannels, int kernel, SplittableRandom rng) {
        this(builder(inChannels, outChannels, kernel), rng);
    }

    private Conv3d(Builder b, SplittableRandom rng) {
        super(b, b.outChannels, b.inChannels, rng);
    }

    /** A builder for a cubic {@code kernel x kernel x kernel} convolution. */
    public static Builder builder(int inChannels, int outChannels, int kernel) {
        return new Builder(inChannels, outChannels, kernel, kernel, kernel);
    }

    /** A builder for a {@code kernelD x kernelH x kernelW} convolution. */
    public static Builder builder(int inChannels, int outChannels, int kernelD, int kernelH, int kernelW) {
        return new Builder(inChannels, outChannels, kernelD, kernelH, kernelW);
    }

    @Override
    Tensor convolve(Tensor input, Tensor weight, Tensor bias, Conv3dOptions options) {
        return Convolution.conv3d(input, weight, bias, options);
    }

    /** Options of a {@link Conv3d}. */
    public static final class Builder extends Convolution3dBuilder<Builder, Conv3d> {
        private Builder(int inChannels, int outChannels, int kernelD, int kernelH, int kernelW) {
            super("Conv3d", inChannels, outChannels, kernelD, kernelH, kernelW);
        }

        @Override
        Builder self() {
            return this;
        }

        @Override
        public Conv3d build(SplittableRandom rng) {
            for (int p : options.outputPadding()) {
                if (p != 0) {
                    throw new IllegalArgumentException("Conv3d: output padding applies to ConvTranspose3d only, got "
                            + options);
                }
            }
            return new Conv3d(this, rng);
        }
    }
}

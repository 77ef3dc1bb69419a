package org.unet4j.layers.nn;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Conv2dOptions;
import org.unet4j.autodiff.Convolution;
import org.unet4j.autodiff.Tensor;

/**
 * 2-D convolution (cross-correlation, as in PyTorch) of an NCHW batch with weight {@code w [out, in / groups, kH,
 * kW]} and bias {@code b [out]}:
 * {@code y[n, o, q] = b[o] + sum_{c, kappa} w[o, c, kappa] x[n, c0(o) + c, q s + kappa d - padBefore]}, where c runs
 * over the {@code in / groups} input channels of o's group, which start at {@code c0(o)}. Output sizes per axis are
 * {@code floor((in + padBefore + padAfter - d (k - 1) - 1) / s) + 1}; see {@link Conv2dOptions}.
 *
 * <pre>{@code
 * var conv = new Conv2d(1, 8, 3, rng);                                     // valid padding, stride 1
 * var down = Conv2d.builder(8, 16, 3).stride(2).padding(Padding.SAME).weightInit(Init.kaimingNormal()).build(rng);
 * var dw   = Conv2d.depthwise(64, 3).build(rng);                           // groups 64, padding 1
 * }</pre>
 */
public final class Conv2d extends ConvolutionLayer {
    /** A {@code kernel x kernel} convolution with bias, stride 1 and no padding, initialised as PyTorch does. */
    public Conv2d(int inChannels, int outChannels, int kernel, SplittableRandom rng) {
        this(builder(inChannels, outChannels, kernel), rng);
    }

    private Conv2d(Builder b, SplittableRandom rng) {
        super(b, b.outChannels, b.inChannels, rng);
    }

    /** A builder for a square {@code kernel x kernel} convolution. */
    public static Builder builder(int inChannels, int outChannels, int kernel) {
        return new Builder(inChannels, outChannels, kernel, kernel);
    }

    /** A builder for a {@code kernelH x kernelW} convolution. */
    public static Builder builder(int inChannels, int outChannels, int kernelH, int kernelW) {
        return new Builder(inChannels, outChannels, kernelH, kernelW);
    }

    /**
     * A depthwise convolution as UNeXt's {@code DWConv} uses it, PyTorch's
     * {@code nn.Conv2d(channels, channels, kernel, 1, kernel // 2, groups=channels)}: one {@code kernel x kernel}
     * filter per channel ({@code groups = channels}), padding {@code kernel / 2} (an odd kernel keeps the size), with
     * bias; {@code channels (kernel^2 + 1)} parameters. Further options can be set on the returned builder.
     */
    public static Builder depthwise(int channels, int kernel) {
        return builder(channels, channels, kernel).groups(channels).padding(kernel / 2);
    }

    @Override
    Tensor convolve(Tensor input, Tensor weight, Tensor bias, Conv2dOptions options) {
        return Convolution.conv2d(input, weight, bias, options);
    }

    /** Options of a {@link Conv2d}. */
    public static final class Builder extends ConvolutionBuilder<Builder, Conv2d> {
        private Builder(int inChannels, int outChannels, int kernelH, int kernelW) {
            super("Conv2d", inChannels, outChannels, kernelH, kernelW);
        }

        @Override
        Builder self() {
            return this;
        }

        @Override
        public Conv2d build(SplittableRandom rng) {
            int[] outputPadding = options.outputPadding();
            if (outputPadding[0] != 0 || outputPadding[1] != 0) {
                throw new IllegalArgumentException("Conv2d: output padding applies to ConvTranspose2d only, got "
                        + options);
            }
            return new Conv2d(this, rng);
        }
    }
}

package org.unet4j.layers.nn;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Conv2dOptions;
import org.unet4j.autodiff.Convolution;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;
import org.unet4j.layers.init.Fans;

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
 * }</pre>
 */
public final class Conv2d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int kernelH;
    private final int kernelW;
    private final Conv2dOptions options;
    private final Parameter weight;
    private final Parameter bias;

    /** A {@code kernel x kernel} convolution with bias, stride 1 and no padding, initialised as PyTorch does. */
    public Conv2d(int inChannels, int outChannels, int kernel, SplittableRandom rng) {
        this(builder(inChannels, outChannels, kernel), rng);
    }

    private Conv2d(Builder b, SplittableRandom rng) {
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.kernelH = b.kernelH;
        this.kernelW = b.kernelW;
        this.options = b.options;
        Tensor w = Tensor.zeros(outChannels, inChannels / options.groups(), kernelH, kernelW);
        Fans fans = Fans.of(w.shape());
        b.weightInit.fill(w, fans, rng);
        this.weight = registerParameter("weight", w);
        if (b.bias) {
            Tensor bv = Tensor.zeros(outChannels);
            b.biasInit.fill(bv, fans, rng);
            this.bias = registerParameter("bias", bv);
        } else {
            this.bias = null;
        }
    }

    /** A builder for a square {@code kernel x kernel} convolution. */
    public static Builder builder(int inChannels, int outChannels, int kernel) {
        return new Builder(inChannels, outChannels, kernel, kernel);
    }

    /** A builder for a {@code kernelH x kernelW} convolution. */
    public static Builder builder(int inChannels, int outChannels, int kernelH, int kernelW) {
        return new Builder(inChannels, outChannels, kernelH, kernelW);
    }

    /** The weight, shape {@code [out, in / groups, kH, kW]}. */
    public Parameter weight() {
        return weight;
    }

    /** The bias, shape {@code [out]}, or null. */
    public Parameter bias() {
        return bias;
    }

    /** Stride, padding, dilation and groups. */
    public Conv2dOptions options() {
        return options;
    }

    /** Number of input channels. */
    public int inChannels() {
        return inChannels;
    }

    /** Number of output channels. */
    public int outChannels() {
        return outChannels;
    }

    @Override
    public Tensor forward(Tensor input) {
        InputChecks.requireImages(this, input, inChannels);
        return Convolution.conv2d(input, weight.tensor(), bias == null ? null : bias.tensor(), options);
    }

    @Override
    protected String describe() {
        return ConvolutionDescription.of(inChannels, outChannels, kernelH, kernelW, options, bias != null);
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

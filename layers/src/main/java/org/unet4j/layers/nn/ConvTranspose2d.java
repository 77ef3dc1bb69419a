package org.unet4j.layers.nn;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Conv2dOptions;
import org.unet4j.autodiff.Convolution;
import org.unet4j.autodiff.Tensor;

/**
 * 2-D transposed convolution of an NCHW batch: the adjoint of the convolution with the same options that maps
 * the output's shape to the input's, plus a bias. The weight has PyTorch's layout {@code [in, out / groups, kH,
 * kW]}; output sizes per axis are {@code (in - 1) s - padBefore - padAfter + d (k - 1) + 1 + outputPadding}, so
 * kernel = stride = f upsamples by f exactly.
 *
 * <pre>{@code
 * var up = ConvTranspose2d.builder(16, 8, 2).stride(2).build(rng);        // [N, 16, H, W] -> [N, 8, 2H, 2W]
 * }</pre>
 */
public final class ConvTranspose2d extends ConvolutionLayer {
    /** A {@code kernel x kernel} transposed convolution with bias, stride 1 and no padding. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, SplittableRandom rng) {
        this(builder(inChannels, outChannels, kernel), rng);
    }

    private ConvTranspose2d(Builder b, SplittableRandom rng) {
        super(b, b.inChannels, b.outChannels, rng);
    }

    /** A builder for a square {@code kernel x kernel} transposed convolution. */
    public static Builder builder(int inChannels, int outChannels, int kernel) {
        return new Builder(inChannels, outChannels, kernel, kernel);
    }

    /** A builder for a {@code kernelH x kernelW} transposed convolution. */
    public static Builder builder(int inChannels, int outChannels, int kernelH, int kernelW) {
        return new Builder(inChannels, outChannels, kernelH, kernelW);
    }

    @Override
    Tensor convolve(Tensor input, Tensor weight, Tensor bias, Conv2dOptions options) {
        return Convolution.convTranspose2d(input, weight, bias, options);
    }

    /** Options of a {@link ConvTranspose2d}. */
    public static final class Builder extends ConvolutionBuilder<Builder, ConvTranspose2d> {
        private Builder(int inChannels, int outChannels, int kernelH, int kernelW) {
            super("ConvTranspose2d", inChannels, outChannels, kernelH, kernelW);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Extra rows and columns at the bottom and right of the output, choosing among the sizes a strided
         * convolution maps to the same input size; below the stride or the dilation (default 0).
         */
        public Builder outputPadding(int p) {
            options = options.outputPadding(p);
            return this;
        }

        @Override
        public ConvTranspose2d build(SplittableRandom rng) {
            return new ConvTranspose2d(this, rng);
        }
    }
}

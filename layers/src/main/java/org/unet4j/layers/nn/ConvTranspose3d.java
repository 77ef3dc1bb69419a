package org.unet4j.layers.nn;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Conv3dOptions;
import org.unet4j.autodiff.Convolution;
import org.unet4j.autodiff.Tensor;

/**
 * 3-D transposed convolution of an NCDHW batch: the adjoint of the convolution with the same options that maps the
 * output's shape to the input's, plus a bias. The weight has PyTorch's layout {@code [in, out / groups, kD, kH,
 * kW]}; output sizes per axis are {@code (in - 1) s - padBefore - padAfter + d (k - 1) + 1 + outputPadding}, so
 * kernel = stride = f upsamples by f exactly, per axis.
 *
 * <pre>{@code
 * var up = ConvTranspose3d.builder(16, 8, 2).stride(2).build(rng);            // [N, 16, D, H, W] -> [N, 8, 2D, 2H, 2W]
 * var up = ConvTranspose3d.builder(16, 8, 1, 2, 2).stride(1, 2, 2).build(rng); // doubles H and W only
 * }</pre>
 */
public final class ConvTranspose3d extends Convolution3dLayer {
    /** A {@code kernel^3} transposed convolution with bias, stride 1 and no padding. */
    public ConvTranspose3d(int inChannels, int outChannels, int kernel, SplittableRandom rng) {
        this(builder(inChannels, outChannels, kernel), rng);
    }

    private ConvTranspose3d(Builder b, SplittableRandom rng) {
        super(b, b.inChannels, b.outChannels, rng);
    }

    /** A builder for a cubic {@code kernel x kernel x kernel} transposed convolution. */
    public static Builder builder(int inChannels, int outChannels, int kernel) {
        return new Builder(inChannels, outChannels, kernel, kernel, kernel);
    }

    /** A builder for a {@code kernelD x kernelH x kernelW} transposed convolution. */
    public static Builder builder(int inChannels, int outChannels, int kernelD, int kernelH, int kernelW) {
        return new Builder(inChannels, outChannels, kernelD, kernelH, kernelW);
    }

    @Override
    Tensor convolve(Tensor input, Tensor weight, Tensor bias, Conv3dOptions options) {
        return Convolution.convTranspose3d(input, weight, bias, options);
    }

    /** Options of a {@link ConvTranspose3d}. */
    public static final class Builder extends Convolution3dBuilder<Builder, ConvTranspose3d> {
        private Builder(int inChannels, int outChannels, int kernelD, int kernelH, int kernelW) {
            super("ConvTranspose3d", inChannels, outChannels, kernelD, kernelH, kernelW);
        }

        @Override
        Builder self() {
            return this;
        }

        /** The same output padding along the three axes, below the stride or the dilation (default 0). */
        public Builder outputPadding(int p) {
            options = options.outputPadding(p);
            return this;
        }

        /** Output padding along depth, height and width, each below that axis's stride or dilation. */
        public Builder outputPadding(int padD, int padH, int padW) {
            options = options.outputPadding(padD, padH, padW);
            return this;
        }

        @Override
        public ConvTranspose3d build(SplittableRandom rng) {
            return new ConvTranspose3d(this, rng);
        }
    }
}

package org.unet4j.layers.nn;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Conv2dOptions;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;
import org.unet4j.layers.init.Fans;

/**
 * What {@link Conv2d} and {@link ConvTranspose2d} share: channels, kernel, {@link Conv2dOptions}, a weight drawn
 * from the builder's initialiser and an optional bias drawn with the weight's fans. Each subclass supplies only its
 * weight layout (through the constructor) and the functional form it applies.
 */
public abstract sealed class ConvolutionLayer extends Module permits Conv2d, ConvTranspose2d {
    private final int inChannels;
    private final int outChannels;
    private final int kernelH;
    private final int kernelW;
    private final Conv2dOptions options;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * Draws the weight {@code [rows, columns / groups, kH, kW]} (rows and columns being the channel counts in the
     * subclass's layout), then the bias {@code [out]} if the builder asks for one.
     */
    ConvolutionLayer(ConvolutionBuilder<?, ?> b, int rows, int columns, SplittableRandom rng) {
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.kernelH = b.kernelH;
        this.kernelW = b.kernelW;
        this.options = b.options;
        Tensor w = Tensor.zeros(rows, columns / options.groups(), kernelH, kernelW);
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

    /** The functional form: {@code input} convolved with {@code weight}, plus {@code bias} unless it is null. */
    abstract Tensor convolve(Tensor input, Tensor weight, Tensor bias, Conv2dOptions options);

    /**
     * The weight: {@code [out, in / groups, kH, kW]} for {@link Conv2d}, {@code [in, out / groups, kH, kW]} for
     * {@link ConvTranspose2d} (PyTorch's layouts).
     */
    public Parameter weight() {
        return weight;
    }

    /** The bias, shape {@code [out]}, or null. */
    public Parameter bias() {
        return bias;
    }

    /** Stride, padding, dilation and groups (and, for the transposed convolution, output padding). */
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
        return convolve(input, weight.tensor(), bias == null ? null : bias.tensor(), options);
    }

    @Override
    protected String describe() {
        return ConvolutionDescription.of(inChannels, outChannels, kernelH, kernelW, options, bias != null);
    }
}

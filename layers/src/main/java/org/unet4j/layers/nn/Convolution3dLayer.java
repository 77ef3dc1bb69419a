package org.unet4j.layers.nn;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Conv3dOptions;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;
import org.unet4j.layers.init.Fans;

/**
 * What {@link Conv3d} and {@link ConvTranspose3d} share: channels, kernel {@code [kD, kH, kW]},
 * {@link Conv3dOptions}, a weight drawn from the builder's initialiser and an optional bias drawn with the weight's
 * fans. Each subclass supplies only its weight layout (through the constructor) and the functional form it applies.
 */
public abstract sealed class Convolution3dLayer extends Module permits Conv3d, ConvTranspose3d {
    private final int inChannels;
    private final int outChannels;
    private final int[] kernel;
    private final Conv3dOptions options;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * Draws the weight {@code [rows, columns / groups, kD, kH, kW]} (rows and columns being the channel counts in the
     * subclass's layout), then the bias {@code [out]} if the builder asks for one.
     */
    Convolution3dLayer(Convolution3dBuilder<?, ?> b, int rows, int columns, SplittableRandom rng) {
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.kernel = b.kernel.clone();
        this.options = b.options;
        Tensor w = Tensor.zeros(rows, columns / options.groups(), kernel[0], kernel[1], kernel[2]);
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
    abstract Tensor convolve(Tensor input, Tensor weight, Tensor bias, Conv3dOptions options);

    /**
     * The weight: {@code [out, in / groups, kD, kH, kW]} for {@link Conv3d}, {@code [in, out / groups, kD, kH, kW]}
     * for {@link ConvTranspose3d} (PyTorch's layouts).
     */
    public Parameter weight() {
        return weight;
    }

    /** The bias, shape {@code [out]}, or null. */
    public Parameter bias() {
        return bias;
    }

    /** Stride, padding, dilation and groups (and, for the transposed convolution, output padding). */
    public Conv3dOptions options() {
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

    /** The kernel size {@code [kD, kH, kW]}. */
    public int[] kernel() {
        return kernel.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        InputChecks.requireVolumes(this, input, inChannels);
        return convolve(input, weight.tensor(), bias == null ? null : bias.tensor(), options);
    }

    /** {@code 8 -> 16, kernel 3x3x3, stride 1x2x2, padding same}: what differs from the defaults. */
    @Override
    protected String describe() {
        StringBuilder s = new StringBuilder().append(inChannels).append(" -> ").append(outChannels)
                .append(", kernel ").append(triple(kernel));
        appendUnlessAll(s, "stride", options.stride(), 1);
        Padding padding = options.padding();
        if (padding.mode() == Padding.Mode.SAME) {
            s.append(", padding same");
        } else if (padding.mode() == Padding.Mode.EXPLICIT) {
            int[] p = padding.resolve(new int[3], new int[] {1, 1, 1}, new int[] {1, 1, 1}, new int[] {1, 1, 1});
            boolean symmetric = p[0] == p[1] && p[2] == p[3] && p[4] == p[5];
            s.append(", padding ").append(symmetric ? compact(new int[] {p[0], p[2], p[4]})
                    : "front " + p[0] + " back " + p[1] + " top " + p[2] + " bottom " + p[3] + " left " + p[4]
                            + " right " + p[5]);
        }
        appendUnlessAll(s, "dilation", options.dilation(), 1);
        if (options.groups() != 1) {
            s.append(", groups ").append(options.groups());
        }
        appendUnlessAll(s, "output padding", options.outputPadding(), 0);
        if (bias == null) {
            s.append(", no bias");
        }
        return s.toString();
    }

    private static void appendUnlessAll(StringBuilder s, String name, int[] values, int all) {
        if (values[0] != all || values[1] != all || values[2] != all) {
            s.append(", ").append(name).append(' ').append(compact(values));
        }
    }

    /** {@code 2} when the three values agree, else {@code 1x2x2}. */
    private static String compact(int[] v) {
        return v[0] == v[1] && v[1] == v[2] ? Integer.toString(v[0]) : triple(v);
    }

    /** {@code 3x3x3} or {@code 1x2x2}. */
    private static String triple(int[] v) {
        return v[0] + "x" + v[1] + "x" + v[2];
    }
}

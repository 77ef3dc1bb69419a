package org.unet4j.layers.unet;

import java.util.SplittableRandom;
import org.unet4j.layers.nn.Conv2d;

/**
 * The settings a U-Net passes to every block it builds: the kernel size k, the number of convolutions per level,
 * the padding, the normalisation, the activation, the dropout probability after each block (0 for none), the
 * generator every initial weight is drawn from (and dropout's masks), the number of spatial dimensions d and the
 * number of image channels a block reads after its features (0 unless the network feeds an image pyramid).
 *
 * <p>In d = 1 a U-Net runs on the engine's 2-D operations with height 1: every module inside sees
 * {@code [N, C, 1, W]}, and a "k x k" convolution is 1 x k ({@link #convolution}).
 */
public record BlockSettings(int kernel, int convsPerLevel, ConvPadding padding, Norm norm, Activation activation,
        double dropout, SplittableRandom rng, int spatialDims, int imageChannels) {
    /** Validates every value. */
    public BlockSettings {
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("kernel must be odd and >= 1 (so SAME padding is symmetric), got "
                    + kernel);
        }
        if (convsPerLevel < 1) {
            throw new IllegalArgumentException("convsPerLevel must be >= 1, got " + convsPerLevel);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (padding == null || norm == null || activation == null || rng == null) {
            throw new IllegalArgumentException("padding, norm, activation and rng must not be null");
        }
        if (spatialDims < 1 || spatialDims > 2) {
            throw new IllegalArgumentException("spatialDims must be 1 ([N, C, W]) or 2 ([N, C, H, W]), got "
                    + spatialDims);
        }
        if (imageChannels < 0) {
            throw new IllegalArgumentException("imageChannels must be >= 0, got " + imageChannels);
        }
    }

    /** 2-D settings without image channels. */
    public BlockSettings(int kernel, int convsPerLevel, ConvPadding padding, Norm norm, Activation activation,
            double dropout, SplittableRandom rng) {
        this(kernel, convsPerLevel, padding, norm, activation, dropout, rng, 2, 0);
    }

    /** Pixels one k x k convolution removes per axis under the padding: k - 1 for VALID, 0 for SAME. */
    public int convShrink() {
        return padding == ConvPadding.VALID ? kernel - 1 : 0;
    }

    /**
     * A builder of a {@code kernel x kernel} convolution in 2-D, {@code 1 x kernel} in 1-D, from {@code in} to
     * {@code out} channels (padding, stride and bias are the builder's defaults until set).
     */
    public Conv2d.Builder convolution(int in, int out, int kernel) {
        return Conv2d.builder(in, out, spatialDims == 1 ? 1 : kernel, kernel);
    }
}

package org.unet4j.layers.unet;

import java.util.SplittableRandom;

/**
 * The settings a U-Net passes to every block it builds: the k x k kernel, the number of convolutions per level,
 * the padding, the normalisation, the activation, the dropout probability after each block (0 for none) and the
 * generator every initial weight is drawn from (and dropout's masks).
 */
public record BlockSettings(int kernel, int convsPerLevel, ConvPadding padding, Norm norm, Activation activation,
        double dropout, SplittableRandom rng) {
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
    }

    /** Pixels one k x k convolution removes per axis under the padding: k - 1 for VALID, 0 for SAME. */
    public int convShrink() {
        return padding == ConvPadding.VALID ? kernel - 1 : 0;
    }
}

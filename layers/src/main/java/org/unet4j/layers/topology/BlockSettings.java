package org.unet4j.layers.topology;

import java.util.SplittableRandom;
import org.unet4j.layers.Module;
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
        SpatialLayers.of(spatialDims);
        if (imageChannels < 0) {
            throw new IllegalArgumentException("imageChannels must be >= 0, got " + imageChannels);
        }
    }

    /** A builder with the defaults listed on {@link Builder}. */
    public static Builder builder() {
        return new Builder();
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
        return space().convolution(in, out, kernel);
    }

    /** The settings' normalisation over {@code channels} channels, made by {@link #space()}. */
    public Module normLayer(int channels) {
        return space().norm(norm, channels);
    }

    /** The layers of the settings' spatial dimensions. */
    public SpatialLayers space() {
        return SpatialLayers.of(spatialDims);
    }

    /**
     * Options of {@link BlockSettings}. Defaults: kernel 3, 1 convolution per level, SAME padding, batch norm, ReLU,
     * no dropout, a generator seeded 0, 2 spatial dimensions, no image channels.
     */
    public static final class Builder {
        private int kernel = 3;
        private int convsPerLevel = 1;
        private ConvPadding padding = ConvPadding.SAME;
        private Norm norm = Norm.BATCH;
        private Activation activation = Activation.RELU;
        private double dropout;
        private SplittableRandom rng;
        private int spatialDims = 2;
        private int imageChannels;

        private Builder() {
        }

        /** The odd kernel size k (default 3). */
        public Builder kernel(int k) {
            this.kernel = k;
            return this;
        }

        /** Convolutions per block (default 1). */
        public Builder convsPerLevel(int n) {
            this.convsPerLevel = n;
            return this;
        }

        /** VALID or SAME (default). */
        public Builder padding(ConvPadding p) {
            this.padding = p;
            return this;
        }

        /** The normalisation (default batch norm). */
        public Builder norm(Norm n) {
            this.norm = n;
            return this;
        }

        /** The activation (default ReLU). */
        public Builder activation(Activation a) {
            this.activation = a;
            return this;
        }

        /** Dropout probability after each block (default 0, none). */
        public Builder dropout(double p) {
            this.dropout = p;
            return this;
        }

        /** The generator initial weights and dropout masks are drawn from (default {@code new SplittableRandom(0)}). */
        public Builder rng(SplittableRandom r) {
            this.rng = r;
            return this;
        }

        /** The generator {@code new SplittableRandom(seed)}. */
        public Builder seed(long seed) {
            return rng(new SplittableRandom(seed));
        }

        /** Spatial dimensions d (default 2). */
        public Builder spatialDims(int d) {
            this.spatialDims = d;
            return this;
        }

        /** Image channels a block reads after its features (default 0, no image pyramid). */
        public Builder imageChannels(int c) {
            this.imageChannels = c;
            return this;
        }

        /** The settings; fails naming the first invalid value. */
        public BlockSettings build() {
            return new BlockSettings(kernel, convsPerLevel, padding, norm, activation, dropout,
                    rng == null ? new SplittableRandom(0) : rng, spatialDims, imageChannels);
        }
    }
}

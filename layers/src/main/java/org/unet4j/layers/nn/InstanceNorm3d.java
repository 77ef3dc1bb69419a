package org.unet4j.layers.nn;

import org.unet4j.autodiff.Normalization;

/**
 * Instance normalisation of an NCDHW batch: each sample's channel is normalised over its own volume,
 * {@code y = gamma_c (x - mu_nc) / sqrt(sigma_nc^2 + eps) + beta_c}, in training and in evaluation alike, unless
 * running statistics are tracked, in which case evaluation uses them (as PyTorch's {@code track_running_stats}).
 * Defaults as in PyTorch: eps 1e-5, momentum 0.1, no affine parameters, no running statistics.
 *
 * <pre>{@code
 * var norm = new InstanceNorm3d(16);
 * var norm = InstanceNorm3d.builder(16).affine(true).trackRunningStats(true).build();
 * }</pre>
 */
public final class InstanceNorm3d extends PerChannelNorm2d {
    /** Instance norm over {@code channels} channels with PyTorch's defaults. */
    public InstanceNorm3d(int channels) {
        this(builder(channels).options());
    }

    private InstanceNorm3d(NormalizationOptions options) {
        super(options, Normalization::instanceNorm, 3);
    }

    /** A builder with PyTorch's defaults. */
    public static Builder builder(int channels) {
        return new Builder(channels);
    }

    @Override
    protected String describe() {
        return options().describe(false, false);
    }

    /** Options of an {@link InstanceNorm3d}. */
    public static final class Builder extends NormalizationBuilder<Builder, InstanceNorm3d> {
        private Builder(int channels) {
            super("InstanceNorm3d", channels, false, false);
        }

        @Override
        Builder self() {
            return this;
        }

        @Override
        public InstanceNorm3d build() {
            return new InstanceNorm3d(options());
        }
    }
}

package org.unet4j.layers.nn;

import org.unet4j.autodiff.Normalization;
import org.unet4j.autodiff.Tensor;

/**
 * Instance normalisation of an NCHW batch: each sample's channel is normalised over its own spatial axes,
 * {@code y = gamma_c (x - mu_nc) / sqrt(sigma_nc^2 + eps) + beta_c}, in training and in evaluation alike, unless
 * running statistics are tracked, in which case evaluation uses them (as PyTorch's {@code track_running_stats}).
 * Defaults as in PyTorch: eps 1e-5, momentum 0.1, no affine parameters, no running statistics.
 *
 * <pre>{@code
 * var norm = new InstanceNorm2d(16);
 * var norm = InstanceNorm2d.builder(16).affine(true).build();
 * }</pre>
 */
public final class InstanceNorm2d extends PerChannelNorm2d {
    /** Instance norm over {@code channels} channels with PyTorch's defaults. */
    public InstanceNorm2d(int channels) {
        this(builder(channels).options());
    }

    private InstanceNorm2d(NormalizationOptions options) {
        super(options, Normalization::instanceNorm);
    }

    /** A builder with PyTorch's defaults. */
    public static Builder builder(int channels) {
        return new Builder(channels);
    }

    @Override
    protected String describe() {
        return options().describe(false, false);
    }

    /** Options of an {@link InstanceNorm2d}. */
    public static final class Builder extends NormalizationBuilder<Builder, InstanceNorm2d> {
        private Builder(int channels) {
            super("InstanceNorm2d", channels, false, false);
        }

        @Override
        Builder self() {
            return this;
        }

        @Override
        public InstanceNorm2d build() {
            return new InstanceNorm2d(options());
        }
    }
}

package org.unet4j.layers.nn;

import org.unet4j.autodiff.Normalization;

/**
 * Batch normalisation of an NCDHW batch, per channel c over the batch and the three spatial axes:
 * {@code y = gamma_c (x - mu_c) / sqrt(sigma_c^2 + eps) + beta_c}, with {@code M = N D H W} elements per channel. In
 * training mode mu and sigma^2 (biased) come from the batch and the running statistics move towards them,
 * {@code running = (1 - momentum) running + momentum batch} (the variance unbiased, {@code M / (M - 1)}); in
 * evaluation mode the running statistics are used. Parameters {@code weight} (gamma) and {@code bias} (beta);
 * buffers {@code running_mean} and {@code running_var}. Defaults as in PyTorch: eps 1e-5, momentum 0.1, affine,
 * running statistics tracked.
 *
 * <pre>{@code
 * var bn = new BatchNorm3d(16);
 * var bn = BatchNorm3d.builder(16).momentum(0.01).build();
 * }</pre>
 */
public final class BatchNorm3d extends PerChannelNorm2d {
    /** Batch norm over {@code channels} channels with PyTorch's defaults. */
    public BatchNorm3d(int channels) {
        this(builder(channels).options());
    }

    private BatchNorm3d(NormalizationOptions options) {
        super(options, Normalization::batchNorm, 3);
    }

    /** A builder with PyTorch's defaults. */
    public static Builder builder(int channels) {
        return new Builder(channels);
    }

    @Override
    protected String describe() {
        return options().describe(true, true);
    }

    /** Options of a {@link BatchNorm3d}. */
    public static final class Builder extends NormalizationBuilder<Builder, BatchNorm3d> {
        private Builder(int channels) {
            super("BatchNorm3d", channels, true, true);
        }

        @Override
        Builder self() {
            return this;
        }

        @Override
        public BatchNorm3d build() {
            return new BatchNorm3d(options());
        }
    }
}

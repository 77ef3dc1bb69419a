package org.unet4j.layers.nn;

import org.unet4j.autodiff.Normalization;
import org.unet4j.autodiff.Tensor;

/**
 * Batch normalisation of an NCHW batch, per channel c over the batch and spatial axes:
 * {@code y = gamma_c (x - mu_c) / sqrt(sigma_c^2 + eps) + beta_c}. In training mode mu and sigma^2 (biased) come
 * from the batch and the running statistics move towards them,
 * {@code running = (1 - momentum) running + momentum batch} (the variance unbiased); in evaluation mode the running
 * statistics are used. Parameters {@code weight} (gamma) and {@code bias} (beta); buffers {@code running_mean} and
 * {@code running_var}. Defaults as in PyTorch: eps 1e-5, momentum 0.1, affine, running statistics tracked.
 *
 * <pre>{@code
 * var bn = new BatchNorm2d(16);
 * var bn = BatchNorm2d.builder(16).momentum(0.01).affine(false).build();
 * }</pre>
 */
public final class BatchNorm2d extends PerChannelNorm2d {
    /** Batch norm over {@code channels} channels with PyTorch's defaults. */
    public BatchNorm2d(int channels) {
        this(builder(channels).options());
    }

    private BatchNorm2d(NormalizationOptions options) {
        super(options, Normalization::batchNorm);
    }

    /** A builder with PyTorch's defaults. */
    public static Builder builder(int channels) {
        return new Builder(channels);
    }

    @Override
    protected String describe() {
        return options().describe(true, true);
    }

    /** Options of a {@link BatchNorm2d}. */
    public static final class Builder extends NormalizationBuilder<Builder, BatchNorm2d> {
        private Builder(int channels) {
            super("BatchNorm2d", channels, true, true);
        }

        @Override
        Builder self() {
            return this;
        }

        @Override
        public BatchNorm2d build() {
            return new BatchNorm2d(options());
        }
    }
}

package org.unet4j.layers.nn;

import org.unet4j.autodiff.Normalization;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Buffer;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;

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
public final class InstanceNorm2d extends Module {
    private final NormalizationOptions options;
    private final PerChannelState state;

    /** Instance norm over {@code channels} channels with PyTorch's defaults. */
    public InstanceNorm2d(int channels) {
        this(builder(channels).options());
    }

    private InstanceNorm2d(NormalizationOptions options) {
        this.options = options;
        int c = options.channels();
        this.state = new PerChannelState(
                options.affine() ? registerParameter("weight", Tensor.ones(c)) : null,
                options.affine() ? registerParameter("bias", Tensor.zeros(c)) : null,
                options.trackRunningStats() ? registerBuffer("running_mean", Tensor.zeros(c)) : null,
                options.trackRunningStats() ? registerBuffer("running_var", Tensor.ones(c)) : null);
    }

    /** A builder with PyTorch's defaults. */
    public static Builder builder(int channels) {
        return new Builder(channels);
    }

    /** The scale gamma, or null when not affine. */
    public Parameter weight() {
        return state.weight();
    }

    /** The shift beta, or null when not affine. */
    public Parameter bias() {
        return state.bias();
    }

    /** The running mean, or null when not tracked. */
    public Buffer runningMean() {
        return state.runningMean();
    }

    /** The running (unbiased) variance, or null when not tracked. */
    public Buffer runningVar() {
        return state.runningVar();
    }

    @Override
    public Tensor forward(Tensor input) {
        InputChecks.requireImages(this, input, options.channels());
        return Normalization.instanceNorm(input, state.weightTensor(), state.biasTensor(), state.runningMeanTensor(),
                state.runningVarTensor(), isTraining(), options.momentum(), options.eps());
    }

    @Override
    protected String describe() {
        return options.describe(false, false);
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

package org.unet4j.layers.nn;

import org.unet4j.autodiff.Normalization;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;

/**
 * Group normalisation (Wu and He, 2018): the C channels of each sample split into G consecutive groups, each
 * normalised over its channels and spatial axes, {@code y = gamma_c (x - mu_ng) / sqrt(sigma_ng^2 + eps) + beta_c};
 * the same in training and evaluation, independent of the batch size. G = C is instance norm, G = 1 layer norm
 * over (C, H, W). Parameters {@code weight} (gamma, ones) and {@code bias} (beta, zeros) when affine (the default).
 *
 * <pre>{@code
 * var norm = new GroupNorm(4, 32);      // 4 groups of 8 channels
 * }</pre>
 */
public final class GroupNorm extends Module {
    private final int groups;
    private final int channels;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;

    /** {@code groups} groups over {@code channels} channels, eps 1e-5, affine. */
    public GroupNorm(int groups, int channels) {
        this(groups, channels, NormalizationBuilder.DEFAULT_EPS, true);
    }

    /** {@code groups} groups (dividing {@code channels}), the given eps, and affine parameters if asked for. */
    public GroupNorm(int groups, int channels, double eps, boolean affine) {
        if (groups < 1 || channels < 1 || channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm: " + channels + " channels cannot be split into " + groups
                    + " groups; the group count must be positive and divide the channel count");
        }
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("GroupNorm: eps must be positive and finite, got " + eps);
        }
        this.groups = groups;
        this.channels = channels;
        this.eps = eps;
        this.weight = affine ? registerParameter("weight", Tensor.ones(channels)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(channels)) : null;
    }

    /** The scale gamma, or null when not affine. */
    public Parameter weight() {
        return weight;
    }

    /** The shift beta, or null when not affine. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor input) {
        InputChecks.requireChannels(this, input, channels);
        return Normalization.groupNorm(input, groups, weight == null ? null : weight.tensor(),
                bias == null ? null : bias.tensor(), eps);
    }

    @Override
    protected String describe() {
        return groups + " groups, " + channels + " channels" + (eps == NormalizationBuilder.DEFAULT_EPS ? ""
                : ", eps " + eps) + (weight == null ? ", no affine" : "");
    }
}

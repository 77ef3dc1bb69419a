package org.unet4j.layers.nn;

import org.unet4j.layers.Module;

/**
 * The options shared by {@link BatchNorm2d} and {@link InstanceNorm2d}: {@code eps} added to the variance, the
 * {@code momentum} of the running statistics ({@code running = (1 - momentum) running + momentum batch}), whether to
 * learn a per-channel scale and shift ({@code affine}) and whether to keep running statistics for evaluation.
 *
 * @param <B> the concrete builder, returned by every setter
 * @param <L> the layer built
 */
public abstract class NormalizationBuilder<B extends NormalizationBuilder<B, L>, L extends Module> {
    static final double DEFAULT_EPS = 1e-5;
    static final double DEFAULT_MOMENTUM = 0.1;

    final String layer;
    final int channels;
    double eps = DEFAULT_EPS;
    double momentum = DEFAULT_MOMENTUM;
    boolean affine;
    boolean trackRunningStats;

    NormalizationBuilder(String layer, int channels, boolean affine, boolean trackRunningStats) {
        if (channels < 1) {
            throw new IllegalArgumentException(layer + ": the channel count must be positive, got " + channels);
        }
        this.layer = layer;
        this.channels = channels;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
    }

    abstract B self();

    /** Builds the layer: scale 1, shift 0, running mean 0, running variance 1. */
    public abstract L build();

    /** The term added to the variance, > 0 (default 1e-5). */
    public B eps(double eps) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException(layer + ": eps must be positive and finite, got " + eps);
        }
        this.eps = eps;
        return self();
    }

    /** The weight of each new batch in the running statistics, in [0, 1] (default 0.1). */
    public B momentum(double momentum) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(layer + ": momentum must be in [0, 1], got " + momentum);
        }
        this.momentum = momentum;
        return self();
    }

    /** Whether to learn a per-channel scale ({@code weight}) and shift ({@code bias}). */
    public B affine(boolean on) {
        this.affine = on;
        return self();
    }

    /** Whether to keep running statistics and use them in evaluation mode. */
    public B trackRunningStats(boolean on) {
        this.trackRunningStats = on;
        return self();
    }

    NormalizationOptions options() {
        return new NormalizationOptions(channels, eps, momentum, affine, trackRunningStats);
    }
}

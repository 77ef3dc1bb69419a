package org.unet4j.layers.init;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;

/**
 * He et al. (2015) initialisation for (leaky) ReLU networks: zero mean and standard deviation
 * {@code std = gain / sqrt(fan)} with {@code gain = sqrt(2 / (1 + a^2))}, {@code a} the negative slope (0 for ReLU)
 * and {@code fan} the fan-in or fan-out of the weight; drawn from a normal or from U(-sqrt(3) std, sqrt(3) std).
 */
public record KaimingInit(Distribution distribution, FanMode mode, double negativeSlope) implements Init {

    /** Validates the slope. */
    public KaimingInit {
        if (!Double.isFinite(negativeSlope)) {
            throw new IllegalArgumentException("Kaiming init: the negative slope must be finite, got " + negativeSlope);
        }
    }

    /** The standard deviation for the given fans. */
    public double std(Fans fans) {
        int fan = fans.get(mode);
        if (fan <= 0) {
            throw new IllegalArgumentException("Kaiming init: " + mode + " is " + fan + "; the weight is empty");
        }
        return Math.sqrt(2 / (1 + negativeSlope * negativeSlope)) / Math.sqrt(fan);
    }

    @Override
    public void fill(Tensor tensor, Fans fans, SplittableRandom rng) {
        distribution.fill(tensor, std(fans), rng);
    }
}

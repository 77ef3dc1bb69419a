package org.unet4j.layers.init;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;

/**
 * Glorot and Bengio (2010) initialisation: zero mean and standard deviation
 * {@code std = gain sqrt(2 / (fan_in + fan_out))}; drawn from a normal or from U(-sqrt(3) std, sqrt(3) std), the
 * latter being U(-b, b) with {@code b = gain sqrt(6 / (fan_in + fan_out))}.
 */
public record XavierInit(Distribution distribution, double gain) implements Init {

    /** Validates the gain. */
    public XavierInit {
        if (!(gain > 0) || Double.isInfinite(gain)) {
            throw new IllegalArgumentException("Xavier init: the gain must be positive and finite, got " + gain);
        }
    }

    /** The standard deviation for the given fans. */
    public double std(Fans fans) {
        int sum = fans.fanIn() + fans.fanOut();
        if (sum <= 0) {
            throw new IllegalArgumentException("Xavier init: fan_in + fan_out is " + sum + "; the weight is empty");
        }
        return gain * Math.sqrt(2.0 / sum);
    }

    @Override
    public void fill(Tensor tensor, Fans fans, SplittableRandom rng) {
        distribution.fill(tensor, std(fans), rng);
    }
}

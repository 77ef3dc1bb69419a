package org.unet4j.layers.init;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;

/**
 * How a layer fills a parameter when it is built: {@link #fill} writes values drawn from a seeded
 * {@link SplittableRandom}, so the same seed builds the same network. The {@link Fans} are those of the weight the
 * tensor belongs to (a bias gets its weight's fans).
 *
 * <pre>{@code
 * var conv = Conv2d.builder(1, 8, 3).weightInit(Init.kaimingNormal()).biasInit(Init.zeros()).build(rng);
 * }</pre>
 */
@FunctionalInterface
public interface Init {

    /** Overwrites {@code tensor} in place with freshly drawn values. */
    void fill(Tensor tensor, Fans fans, SplittableRandom rng);

    /** He normal for ReLU: N(0, 2 / fan_in). */
    static Init kaimingNormal() {
        return new KaimingInit(Distribution.NORMAL, FanMode.FAN_IN, 0);
    }

    /** He normal for a leaky ReLU of the given negative slope: N(0, std^2), std = sqrt(2 / (1 + a^2)) / sqrt(fan). */
    static Init kaimingNormal(FanMode mode, double negativeSlope) {
        return new KaimingInit(Distribution.NORMAL, mode, negativeSlope);
    }

    /** He uniform for ReLU: U(-b, b) with b = sqrt(6 / fan_in). */
    static Init kaimingUniform() {
        return new KaimingInit(Distribution.UNIFORM, FanMode.FAN_IN, 0);
    }

    /** He uniform for a leaky ReLU: U(-b, b), b = sqrt(3) std with std as in {@link #kaimingNormal(FanMode, double)}. */
    static Init kaimingUniform(FanMode mode, double negativeSlope) {
        return new KaimingInit(Distribution.UNIFORM, mode, negativeSlope);
    }

    /** Glorot normal with gain 1: N(0, 2 / (fan_in + fan_out)). */
    static Init xavierNormal() {
        return new XavierInit(Distribution.NORMAL, 1);
    }

    /** Glorot normal: N(0, std^2) with std = gain sqrt(2 / (fan_in + fan_out)). */
    static Init xavierNormal(double gain) {
        return new XavierInit(Distribution.NORMAL, gain);
    }

    /** Glorot uniform with gain 1: U(-b, b), b = sqrt(6 / (fan_in + fan_out)). */
    static Init xavierUniform() {
        return new XavierInit(Distribution.UNIFORM, 1);
    }

    /** Glorot uniform: U(-b, b), b = gain sqrt(6 / (fan_in + fan_out)). */
    static Init xavierUniform(double gain) {
        return new XavierInit(Distribution.UNIFORM, gain);
    }

    /**
     * U(-b, b) with b = 1 / sqrt(fan_in): PyTorch's default for the weights (kaiming uniform with a = sqrt 5) and the
     * biases of its convolution and linear layers, and the default here.
     */
    static Init fanInUniform() {
        return (t, fans, rng) -> {
            double bound = 1 / Math.sqrt(fans.requireFanIn());
            Sampling.fillUniform(t, -bound, bound, rng);
        };
    }

    /** Every element {@code value}. */
    static Init constant(double value) {
        return (t, fans, rng) -> t.fill(value);
    }

    /** Every element 0. */
    static Init zeros() {
        return constant(0);
    }

    /** N(mean, std^2). */
    static Init normal(double mean, double std) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("normal init: std must be >= 0, got " + std);
        }
        return (t, fans, rng) -> Sampling.fillNormal(t, mean, std, rng);
    }

    /** U(low, high). */
    static Init uniform(double low, double high) {
        if (!(low <= high)) {
            throw new IllegalArgumentException("uniform init: need low <= high, got [" + low + ", " + high + ")");
        }
        return (t, fans, rng) -> Sampling.fillUniform(t, low, high, rng);
    }
}

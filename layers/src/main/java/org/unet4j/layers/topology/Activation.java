package org.unet4j.layers.topology;

import org.unet4j.layers.Module;
import org.unet4j.layers.nn.Identity;
import org.unet4j.layers.nn.LeakyReLU;
import org.unet4j.layers.nn.ReLU;
import org.unet4j.layers.nn.SiLU;
import org.unet4j.layers.nn.Sigmoid;
import org.unet4j.layers.nn.Tanh;

/**
 * The nonlinearity a block applies after its convolutions (and normalisations). In the operator-splitting reading
 * of a U-Net (Tai, Liu, Chan, Li 2024) ReLU is the projection onto {@code v >= 0}, the sigmoid the closed form of an
 * entropy-regularised implicit step, and the identity a linear sub-flow.
 */
public enum Activation {
    /** max(x, 0). */
    RELU,
    /** max(x, 0.01 x). */
    LEAKY_RELU,
    /** x sigmoid(x). */
    SILU,
    /** tanh(x). */
    TANH,
    /** 1 / (1 + exp(-x)). */
    SIGMOID,
    /** x: no nonlinearity (a linear block). */
    IDENTITY;

    /** A new layer computing this activation. */
    public Module create() {
        return switch (this) {
            case RELU -> new ReLU();
            case LEAKY_RELU -> new LeakyReLU(0.01);
            case SILU -> new SiLU();
            case TANH -> new Tanh();
            case SIGMOID -> new Sigmoid();
            case IDENTITY -> new Identity();
        };
    }
}

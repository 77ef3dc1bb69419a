package org.unet4j.layers.unet;

import org.unet4j.layers.Module;
import org.unet4j.layers.nn.LeakyReLU;
import org.unet4j.layers.nn.ReLU;
import org.unet4j.layers.nn.SiLU;
import org.unet4j.layers.nn.Tanh;

/** The nonlinearity a block applies after its convolutions (and normalisations). */
public enum Activation {
    /** max(x, 0). */
    RELU,
    /** max(x, 0.01 x). */
    LEAKY_RELU,
    /** x sigmoid(x). */
    SILU,
    /** tanh(x). */
    TANH;

    /** A new layer computing this activation. */
    public Module create() {
        return switch (this) {
            case RELU -> new ReLU();
            case LEAKY_RELU -> new LeakyReLU(0.01);
            case SILU -> new SiLU();
            case TANH -> new Tanh();
        };
    }
}

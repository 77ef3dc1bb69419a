package org.unet4j.layers.init;

/**
 * Which fan scales a Kaiming initialisation: {@link #FAN_IN} preserves the variance of activations in the forward
 * pass, {@link #FAN_OUT} that of gradients in the backward pass.
 */
public enum FanMode {
    FAN_IN,
    FAN_OUT
}

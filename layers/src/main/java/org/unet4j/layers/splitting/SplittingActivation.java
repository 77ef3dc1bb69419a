package org.unet4j.layers.splitting;

import org.unet4j.layers.Module;
import org.unet4j.layers.nn.Identity;

/** Which sub-step follows each explicit parallel step of the splitting network. */
public enum SplittingActivation {
    /** The entropy-regularised implicit step, {@link EntropicImplicitStep} (a sigmoid). */
    SIGMOID,
    /** The projection onto {@code v >= 0}, {@link ReluProjection} (a ReLU). */
    RELU,
    /** No second sub-step: the layer is a linear sub-flow (for the theorem tests). */
    IDENTITY;

    Module create(double tau, double eps) {
        return switch (this) {
            case SIGMOID -> new EntropicImplicitStep(tau, eps);
            case RELU -> new ReluProjection();
            case IDENTITY -> new Identity();
        };
    }
}

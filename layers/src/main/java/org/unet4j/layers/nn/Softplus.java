package org.unet4j.layers.nn;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * {@code (1 / beta) ln(1 + e^(beta x))}, elementwise: a smooth ReLU, positive everywhere, which approaches
 * {@code max(x, 0)} as {@code beta} grows.
 */
public final class Softplus extends Module {
    private final double beta;

    /** beta = 1: {@code ln(1 + e^x)}. */
    public Softplus() {
        this(1);
    }

    /** The given sharpness {@code beta > 0}. */
    public Softplus(double beta) {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("Softplus: beta must be positive and finite, got " + beta);
        }
        this.beta = beta;
    }

    /** The sharpness. */
    public double beta() {
        return beta;
    }

    @Override
    public Tensor forward(Tensor input) {
        return beta == 1 ? input.softplus() : input.mul(beta).softplus().div(beta);
    }

    @Override
    protected String describe() {
        return beta == 1 ? "" : "beta " + beta;
    }
}

package org.unet4j.layers.nn;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/** {@code x} for {@code x > 0} and {@code a x} otherwise, elementwise, with negative slope {@code a}. */
public final class LeakyReLU extends Module {
    private final double negativeSlope;

    /** Negative slope 0.01, as in PyTorch. */
    public LeakyReLU() {
        this(0.01);
    }

    /** The given negative slope. */
    public LeakyReLU(double negativeSlope) {
        if (!Double.isFinite(negativeSlope)) {
            throw new IllegalArgumentException("LeakyReLU: the negative slope must be finite, got " + negativeSlope);
        }
        this.negativeSlope = negativeSlope;
    }

    /** The slope {@code a} for negative inputs. */
    public double negativeSlope() {
        return negativeSlope;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.leakyRelu(negativeSlope);
    }

    @Override
    protected String describe() {
        return "slope " + negativeSlope;
    }
}
